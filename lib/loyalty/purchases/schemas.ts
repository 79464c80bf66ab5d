import { z } from "zod";
import { BUSINESS_DAY_MIN, isSaleInstant } from "@/lib/time";

/**
 * Request and response bodies of the POS API v1 for purchases, refunds and the member look-up
 * (redemptions/schemas.ts has the redemption's). The routes (routes.ts) parse with these and
 * GET /api/v1/openapi.json is generated from them, so the document cannot drift from the code.
 */

const fen = z.number().int().min(0).max(100_000_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);
/** When a sale or refund happened at the till: an ISO 8601 instant with its offset, in the business's range (lib/time.ts). */
const saleInstant = z.iso.datetime({ offset: true, abort: true }).refine((at) => isSaleInstant(new Date(at)), {
  message: `Must be between ${BUSINESS_DAY_MIN} and one day from now.`,
});

export const memberRefSchema = z
  .union([z.object({ phone: text(32) }).strict(), z.object({ cardNo: text(40) }).strict()])
  .meta({ description: "The member, by mobile phone or member card number." });

/** Proof the member is at the till (lib/loyalty/member-presence): needed to spend their points or stored value. */
export const memberCodeSchema = z
  .string()
  .regex(/^[0-9]{6}$/, { message: "Must be the 6-digit code the member shows in the member app." })
  .meta({ description: "The 6-digit code the member shows in the member app (valid 2 minutes, once)." });

export const transactionItemSchema = z.object({
  sku: text(64),
  name: text(200),
  category: text(64),
  quantity: z.number().int().min(1).max(10_000),
  unitPriceFen: fen,
});

export const paymentSchema = z.discriminatedUnion("method", [
  z.object({ method: z.enum(["wechat", "alipay", "card", "cash"]), amountFen: fen.min(1) }),
  z.object({ method: z.literal("stored_value"), cardNo: text(40), amountFen: fen.min(1) }),
  z.object({ method: z.literal("points"), points: z.number().int().min(1), amountFen: fen.min(1) }),
]);

export const createTransactionSchema = z
  .object({
    externalId: text(64),
    storeCode: text(32),
    occurredAt: saleInstant,
    member: memberRefSchema.nullable(),
    items: z.array(transactionItemSchema).min(1).max(500),
    discountFen: fen.default(0),
    payments: z.array(paymentSchema).min(1).max(20),
    /** Needed when the purchase spends a member's points or stored value (lib/loyalty/member-presence). */
    memberCode: memberCodeSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const gross = body.items.reduce((sum, item) => sum + item.quantity * item.unitPriceFen, 0);
    const paid = body.payments.reduce((sum, payment) => sum + payment.amountFen, 0);
    if (body.discountFen > gross)
      ctx.addIssue({ code: "custom", path: ["discountFen"], message: "The discount is larger than the items' total." });
    if (paid !== gross - body.discountFen) {
      ctx.addIssue({
        code: "custom",
        path: ["payments"],
        message: `Payments total ${paid} fen but items minus discount is ${gross - body.discountFen} fen.`,
      });
    }
    body.payments.forEach((payment, i) => {
      if (payment.method === "points" && payment.points !== payment.amountFen) {
        ctx.addIssue({
          code: "custom",
          path: ["payments", i, "points"],
          message: "A points payment pays 1 fen per point: points must equal amountFen.",
        });
      }
    });
    if (body.member === null && body.payments.some((p) => p.method === "points")) {
      ctx.addIssue({ code: "custom", path: ["payments"], message: "Paying with points needs a member." });
    }
  });
export type CreateTransactionInput = z.output<typeof createTransactionSchema>;

export const createTransactionResponseSchema = z.object({
  transactionId: z.uuid(),
  pointsEarned: z.number().int(),
  pointsBalance: z.number().int().nullable(),
  tier: z.string().nullable(),
  tierChanged: z.boolean(),
});
export type CreateTransactionResponse = z.infer<typeof createTransactionResponseSchema>;

export const createRefundSchema = z.object({
  refundId: text(64),
  /** The store whose transaction is refunded; defaults to the API key's store. */
  storeCode: text(32).optional(),
  amountFen: fen.min(1),
  occurredAt: saleInstant.optional(),
  lines: z
    .array(z.object({ sku: text(64), quantity: z.number().int().min(1) }))
    .max(500)
    .optional(),
});
export type CreateRefundInput = z.output<typeof createRefundSchema>;

export const createRefundResponseSchema = z.object({
  refundTransactionId: z.uuid(),
  pointsReversed: z.number().int(),
  pointsReturned: z.number().int(),
  storedValueReturnedFen: z.number().int(),
  pointsBalance: z.number().int().nullable(),
});
export type CreateRefundResponse = z.infer<typeof createRefundResponseSchema>;

export const memberLookupQuerySchema = z.union([
  z.object({ phone: text(32) }).strict(),
  z.object({ cardNo: text(40) }).strict(),
]);
export type MemberLookupQuery = z.output<typeof memberLookupQuerySchema>;

export const memberLookupResponseSchema = z.object({
  memberId: z.uuid(),
  maskedName: z.string(),
  maskedPhone: z.string().nullable(),
  tier: z.string(),
  pointsBalance: z.number().int(),
  cards: z.array(z.string()),
});
export type MemberLookupResponse = z.infer<typeof memberLookupResponseSchema>;
