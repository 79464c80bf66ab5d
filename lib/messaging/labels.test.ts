import { expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import { SKIP_REASONS } from "./service";
import { TEMPLATE_CODES } from "./templates";

it("names every template and skip reason in both languages on the outbox page", () => {
  for (const catalogue of [en, zh]) {
    const templates = catalogue.messaging.templates as Record<string, string>;
    const reasons = catalogue.messaging.skipReasons as Record<string, string>;
    expect(TEMPLATE_CODES.filter((code) => !templates[code])).toEqual([]);
    expect(SKIP_REASONS.filter((reason) => !reasons[reason])).toEqual([]);
  }
});
