"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import { counterRedeemUseCase, type CounterRedemptionResult } from "./counter-redemption";
import type { CounterRedeemInput } from "./redemption-schemas";

const counterRedeem = defineAction(counterRedeemUseCase);

/** loyalty.redeem: parking, a gift or a cash offset for a member in the staff member's stores; audited as loyalty.redeem. */
export async function counterRedeemAction(input: CounterRedeemInput): Promise<ActionResult<CounterRedemptionResult>> {
  const result = await counterRedeem(input);
  if (result.ok) revalidatePath(`/members/${result.data.memberId}`);
  return result;
}
