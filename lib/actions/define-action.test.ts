import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";

// The action's failure result is built with the staff member's catalogue; here a stand-in that knows two keys.
vi.mock("next-intl/server", () => {
  const messages: Record<string, string> = { slot_taken: "Just taken.", conflict: "Conflict." };
  const t = Object.assign((key: string) => messages[key] ?? key, { has: (key: string) => key in messages });
  return { getTranslations: async () => t, getLocale: async () => "en" };
});

// The session module pulls in next-auth, which needs Next's runtime; the failure path never reads it.
vi.mock("@/lib/auth/session", () => ({ getCurrentStaff: async () => null }));

const { actionFailure } = await import("./define-action");

describe("actionFailure (what a server action returns instead of throwing)", () => {
  it("carries an AppError's details to the client, JSON-safe", async () => {
    const alternatives = [{ startsAt: "2031-03-04T02:00:00.000Z", time: "10:00", advisorIds: ["a"] }];
    const result = await actionFailure(new AppError("slot_taken", { details: { alternatives } }));
    expect(result).toEqual({ ok: false, code: "slot_taken", message: "Just taken.", details: { alternatives } });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("leaves details out when the error has none", async () => {
    const result = await actionFailure(new AppError("conflict"));
    expect(result).toEqual({ ok: false, code: "conflict", message: "Conflict.", fieldErrors: undefined });
    expect("details" in result).toBe(false);
  });
});
