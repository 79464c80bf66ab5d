import { defineUseCase } from "@/lib/actions/use-case";
import { AppError } from "@/lib/errors";
import { findMemberInScope } from "@/lib/members/queries";
import { getAdjustmentContext, getRedemptionOptions } from "./queries";
import { memberDialogSchema } from "./schemas";

// Reads, not writes: what a dialog of the 360° view needs, loaded when the dialog opens rather than
// with every view of the page. Same steps as a write (permission, input, scope), nothing audited.

/** loyalty.redeem: the gifts in stock and the rates, for the counter redemption of a member in scope. */
export const redemptionOptionsUseCase = defineUseCase({
  permission: "loyalty.redeem",
  input: memberDialogSchema,
  // Another store's member is "not found", before anything is read.
  scope: "in-run",
  async run({ staff, input, db }) {
    if (!(await findMemberInScope(db, staff, input.memberId))) throw new AppError("not_found");
    return getRedemptionOptions(db);
  },
});

/** loyalty.adjust: the approval threshold and the staff member's day total for this member. */
export const adjustmentContextUseCase = defineUseCase({
  permission: "loyalty.adjust",
  input: memberDialogSchema,
  scope: "in-run",
  async run({ staff, input, db }) {
    const member = await findMemberInScope(db, staff, input.memberId);
    if (!member) throw new AppError("not_found");
    return getAdjustmentContext(db, staff, member);
  },
});
