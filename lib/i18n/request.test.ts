import { describe, expect, it } from "vitest";
import { requestConfigFor } from "./request";

describe("i18n request config", () => {
  it("uses a locale passed explicitly, with that locale's messages", async () => {
    const en = await requestConfigFor("en");
    expect(en.locale).toBe("en");
    expect((en.messages as { members: { tiers: Record<string, string> } }).members.tiers.gold).toBe("Gold");
    const zh = await requestConfigFor("zh-CN");
    expect(zh.locale).toBe("zh-CN");
    expect((zh.messages as { members: { tiers: Record<string, string> } }).members.tiers.gold).toBe("金卡");
  });

  it("ignores an unknown explicit locale and falls back to the default outside a request", async () => {
    const config = await requestConfigFor("fr");
    expect(config.locale).toBe("zh-CN");
  });
});
