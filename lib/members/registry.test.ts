import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import { MEMBER_OWNED_TABLES } from "./registry";

describe("member-owned tables", () => {
  it("each has a name in both languages for the erase page", () => {
    for (const catalogue of [en, zh]) {
      const labels = catalogue.memberPrivacy.tables as Record<string, string>;
      const missing = MEMBER_OWNED_TABLES.map((entry) => entry.name).filter((name) => !labels[name]);
      expect(missing).toEqual([]);
    }
  });
});
