import { z } from "zod";
import type { ServiceTicketStatus } from "@/lib/after-sales/tickets/transitions";

/**
 * Quality-defect claims (三包, docs/domain.md#jewelry-after-sales): the zod schemas shared by the
 * claim page's forms and the server actions, and the rules both apply. No server imports. Field
 * messages are keys of the `validation` catalogue.
 */

export const DEFECT_OUTCOMES = ["repair", "exchange", "refund"] as const;
export type DefectOutcome = (typeof DEFECT_OUTCOMES)[number];

export const EVIDENCE_MAX = 2000;
export const DECISION_NOTE_MAX = 500;
/** A refund is at most this many fen (the POS API's own ceiling). */
export const REFUND_MAX_FEN = 100_000_000_000;

/** Statuses in which the workshop inspects a piece: a defect may be flagged there. */
const INSPECTION_STATUSES: readonly ServiceTicketStatus[] = ["received", "at_workshop", "in_repair", "quality_check"];

/**
 * Whether a ticket is at inspection, where a defect is judged: any ticket at quality check, and an
 * inspection (检测) ticket at any step before it is ready.
 */
export function atInspection(ticket: { status: ServiceTicketStatus; serviceType: string }): boolean {
  if (ticket.status === "quality_check") return true;
  return ticket.serviceType === "inspection" && INSPECTION_STATUSES.includes(ticket.status);
}

export const flagDefectSchema = z.object({
  ticketId: z.uuid(),
  evidence: z
    .string({ error: "claimEvidenceRequired" })
    .trim()
    .min(1, { error: "claimEvidenceRequired" })
    .max(EVIDENCE_MAX, { error: "claimEvidenceTooLong" }),
});
export type FlagDefectInput = z.input<typeof flagDefectSchema>;
export type FlagDefectValues = z.output<typeof flagDefectSchema>;

const refundLineSchema = z.object({
  sku: z.string({ error: "claimRefundLineSku" }).trim().min(1, { error: "claimRefundLineSku" }).max(64),
  quantity: z
    .number({ error: "claimRefundLineQuantity" })
    .int({ error: "claimRefundLineQuantity" })
    .min(1, { error: "claimRefundLineQuantity" })
    .max(10_000, { error: "claimRefundLineQuantity" }),
});

export const decideClaimSchema = z
  .object({
    ticketId: z.uuid(),
    outcome: z.enum(DEFECT_OUTCOMES, { error: "claimOutcomeRequired" }),
    note: z
      .string()
      .trim()
      .max(DECISION_NOTE_MAX, { error: "claimNoteTooLong" })
      .nullish()
      .transform((text) => text || undefined),
    /** A refund only: the amount in fen; empty = what remains paid on the purchase. */
    refundAmountFen: z
      .number({ error: "claimRefundAmountInvalid" })
      .int({ error: "claimRefundAmountInvalid" })
      .min(1, { error: "claimRefundAmountInvalid" })
      .max(REFUND_MAX_FEN, { error: "claimRefundAmountInvalid" })
      .nullish()
      .transform((fen) => fen ?? undefined),
    /** A refund only: the purchase's lines taken back (SKU and quantity); empty = none named. */
    refundLines: z
      .array(refundLineSchema)
      .max(100)
      .nullish()
      .transform((lines) => (lines && lines.length > 0 ? lines : undefined)),
  })
  .superRefine((value, ctx) => {
    if (value.outcome !== "refund" && value.refundAmountFen !== undefined) {
      ctx.addIssue({ code: "custom", path: ["refundAmountFen"], message: "claimRefundOnly" });
    }
    if (value.outcome !== "refund" && value.refundLines !== undefined) {
      ctx.addIssue({ code: "custom", path: ["refundLines"], message: "claimRefundOnly" });
    }
    const skus = new Set<string>();
    value.refundLines?.forEach((line, i) => {
      if (skus.has(line.sku)) {
        ctx.addIssue({ code: "custom", path: ["refundLines", i, "sku"], message: "claimRefundLineDuplicate" });
      }
      skus.add(line.sku);
    });
  });
export type DecideClaimInput = z.input<typeof decideClaimSchema>;
export type DecideClaimValues = z.output<typeof decideClaimSchema>;
