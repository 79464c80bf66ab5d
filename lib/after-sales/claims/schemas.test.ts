import { randomUUID } from "node:crypto";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { atInspection, decideClaimSchema } from "./schemas";

const ticketId = randomUUID();
const fields = (input: unknown) => {
  const parsed = decideClaimSchema.safeParse(input);
  return parsed.success ? null : z.flattenError(parsed.error).fieldErrors;
};

describe("defect claims", () => {
  it("are judged at inspection: any ticket at quality check, an inspection ticket before it is ready", () => {
    expect(atInspection({ status: "quality_check", serviceType: "repair" })).toBe(true);
    expect(atInspection({ status: "in_repair", serviceType: "repair" })).toBe(false);
    expect(atInspection({ status: "received", serviceType: "inspection" })).toBe(true);
    expect(atInspection({ status: "ready_for_pickup", serviceType: "inspection" })).toBe(false);
    expect(atInspection({ status: "cancelled", serviceType: "inspection" })).toBe(false);
  });

  it("take a refund amount and lines only with a refund, in whole fen, each line once", () => {
    expect(
      fields({ ticketId, outcome: "refund", refundAmountFen: 1, refundLines: [{ sku: "A", quantity: 1 }] }),
    ).toBeNull();
    expect(fields({ ticketId, outcome: "refund", refundAmountFen: null, refundLines: [] })).toBeNull();
    expect(fields({ ticketId, outcome: "exchange", refundAmountFen: 100 })).toEqual({
      refundAmountFen: ["claimRefundOnly"],
    });
    expect(fields({ ticketId, outcome: "refund", refundAmountFen: 0.5 })).toEqual({
      refundAmountFen: ["claimRefundAmountInvalid"],
    });
    expect(fields({ ticketId, outcome: "refund", refundAmountFen: -100 })).toEqual({
      refundAmountFen: ["claimRefundAmountInvalid"],
    });
    expect(
      fields({
        ticketId,
        outcome: "refund",
        refundLines: [
          { sku: "A", quantity: 1 },
          { sku: "A", quantity: 2 },
        ],
      }),
    ).toHaveProperty("refundLines");
    expect(fields({ ticketId, outcome: "refund", refundLines: [{ sku: "A", quantity: 0 }] })).toHaveProperty(
      "refundLines",
    );
    expect(fields({ ticketId, outcome: "swap" })).toEqual({ outcome: ["claimOutcomeRequired"] });
    expect(fields({ ticketId, outcome: "repair", note: "x".repeat(501) })).toEqual({ note: ["claimNoteTooLong"] });
  });
});
