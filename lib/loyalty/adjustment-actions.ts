"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import type { DecideAdjustmentInput, RequestAdjustmentInput } from "./adjustment-schemas";
import { decideAdjustmentUseCase, requestAdjustmentUseCase, type DecideAdjustmentResult, type RequestAdjustmentResult } from "./adjustment-use-cases";

// Thin wrappers: session → permission → zod → (member scope inside the business function) → one
// transaction → audit. The member's own page is revalidated by its id, which only the result knows.

const requestAdjustment = defineAction({ ...requestAdjustmentUseCase, revalidate: ["/loyalty/approvals"] });
const decideAdjustment = defineAction({ ...decideAdjustmentUseCase, revalidate: ["/loyalty/approvals"] });

/** loyalty.adjust: applies at once up to the approval threshold, else waits for another manager. */
export async function requestAdjustmentAction(input: RequestAdjustmentInput): Promise<ActionResult<RequestAdjustmentResult>> {
  const result = await requestAdjustment(input);
  if (result.ok) revalidatePath(`/members/${result.data.memberId}`);
  return result;
}

/** loyalty.adjust.approve: approve or reject a pending adjustment; the maker cannot decide their own. */
export async function decideAdjustmentAction(input: DecideAdjustmentInput): Promise<ActionResult<DecideAdjustmentResult>> {
  const result = await decideAdjustment(input);
  if (result.ok) revalidatePath(`/members/${result.data.memberId}`);
  return result;
}
