import { describe, expect, it } from "vitest";
import { changeTicketStatusSchema, formatGrams } from "./schemas";

const TICKET = "7f1c2a4e-5b6d-4c3e-8f9a-0b1c2d3e4f5a";

describe("ticket schemas", () => {
  it("formats hundredths of a gram as grams with two decimals, signed when asked", () => {
    expect(formatGrams(2345)).toBe("23.45");
    expect(formatGrams(5)).toBe("0.05");
    expect(formatGrams(0)).toBe("0.00");
    expect(formatGrams(3, { signed: true })).toBe("+0.03");
    expect(formatGrams(-110, { signed: true })).toBe("-1.10");
    expect(formatGrams(0, { signed: true })).toBe("0.00");
  });

  it("a cancellation needs a reason; other steps take an optional note", () => {
    expect(changeTicketStatusSchema.safeParse({ ticketId: TICKET, to: "at_workshop" }).success).toBe(true);
    const cancel = changeTicketStatusSchema.safeParse({ ticketId: TICKET, to: "cancelled", reason: " " });
    expect(cancel.success).toBe(false);
    expect(cancel.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["reason", "cancelReasonRequired"],
    ]);
    expect(changeTicketStatusSchema.parse({ ticketId: TICKET, to: "cancelled", reason: " 顾客取消 " }).reason).toBe(
      "顾客取消",
    );
  });
});
