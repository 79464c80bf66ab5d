import { defineUseCase } from "@/lib/actions/use-case";
import { pointsBalance } from "../points/queries";
import { decideAdjustmentSchema, requestAdjustmentSchema } from "./schemas";
import { decidePointsAdjustment, requestPointsAdjustment } from "./service";

// Maker-checker. Store scope is the member's home store, checked inside the business functions on
// the rows they load (an adjustment of another store's member is "not found"). The member's own page
// is revalidated by its id, which a decision only knows from the adjustment.
const pagesOf = (memberId: string) => ["/loyalty/approvals", `/members/${memberId}`];

export type RequestAdjustmentResult = {
  adjustmentId: string;
  memberId: string;
  status: "pending" | "approved" | "rejected";
  /** The member's balance after the request: changed when it applied at once, unchanged when pending. */
  pointsBalance: number;
};

/**
 * loyalty.adjust: applies at once while the requester's day total for the member stays within the
 * approval threshold, else waits for another manager.
 */
export const requestAdjustmentUseCase = defineUseCase({
  permission: "loyalty.adjust",
  input: requestAdjustmentSchema,
  scope: "in-run",
  async run({ staff, actor, input, db }): Promise<RequestAdjustmentResult> {
    const result = await requestPointsAdjustment(db, actor, staff, input);
    return { ...result, memberId: input.memberId, pointsBalance: await pointsBalance(db, input.memberId) };
  },
  // After run: TypeScript infers the output type from run first.
  revalidate: (_input, output) => pagesOf(output.memberId),
});

export type DecideAdjustmentResult = { adjustmentId: string; status: "approved" | "rejected"; memberId: string };

/** loyalty.adjust.approve: approve or reject a pending adjustment; the maker cannot decide their own. */
export const decideAdjustmentUseCase = defineUseCase({
  permission: "loyalty.adjust.approve",
  input: decideAdjustmentSchema,
  scope: "in-run",
  run: ({ staff, actor, input, db }): Promise<DecideAdjustmentResult> =>
    decidePointsAdjustment(db, actor, staff, {
      adjustmentId: input.adjustmentId,
      approve: input.approve,
      note: input.note ?? null,
    }),
  revalidate: (_input, output) => pagesOf(output.memberId),
});
