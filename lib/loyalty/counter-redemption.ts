import type { Db } from "@/db/client";
import type { ActionDefinition } from "@/lib/actions/execute";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { canAccessStore, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import type { RedemptionResponse } from "./api-schemas";
import { redeemPoints } from "./redemptions";
import { counterRedeemSchema, toRedemptionInput, type CounterRedeemParsed } from "./redemption-schemas";

/**
 * Redemption at the counter, from the member's 360° view: the same ledger function as the POS API
 * (redeemPoints), with the staff member's scope and an audit entry around it.
 */

/**
 * The store a counter redemption is booked to. The portal does not know which counter the staff
 * member stands at, so: the member's home store when the staff member may act there, else the
 * staff member's first store (lowest id, so the choice is stable), else none.
 *
 * Since redeeming first requires the member to be in the staff member's scope (their home store is
 * one of the staff member's stores, or the staff member sees all stores), the home store is in
 * practice always the answer; the fallback only matters if the scope rule is ever widened (say, a
 * member of a sister store served at this counter). An all-stores account books to the home store.
 */
export function counterRedemptionStoreId(staff: StaffPrincipal, homeStoreId: string): string | null {
  if (canAccessStore(staff, homeStoreId)) return homeStoreId;
  return [...staff.storeIds].sort()[0] ?? null;
}

export type CounterRedemptionResult = RedemptionResponse & { memberId: string; storeId: string };

export async function redeemAtCounter(db: Db, actor: Actor, staff: StaffPrincipal, input: CounterRedeemParsed): Promise<CounterRedemptionResult> {
  const member = await memberInScopeOrThrow(db, staff, input.memberId);
  const storeId = counterRedemptionStoreId(staff, member.homeStoreId);
  if (!storeId) throw new AppError("not_found");
  const redemption = toRedemptionInput(input);
  const result = await redeemPoints(db, { storeId, staffId: actor.staffId }, member.id, redemption);
  await recordAudit(db, {
    ...byActor(actor),
    action: "loyalty.redeem",
    entityType: "member",
    entityId: member.id,
    storeId,
    details: {
      channel: "counter",
      redemptionId: result.redemptionId,
      ...redemption,
      pointsSpent: result.pointsSpent,
      pointsBalance: result.pointsBalance,
      valueFen: result.valueFen,
    },
  });
  return { ...result, memberId: member.id, storeId };
}

export const counterRedeemUseCase = {
  permission: "loyalty.redeem",
  input: counterRedeemSchema,
  run: ({ staff, actor, input, db }) => redeemAtCounter(db, actor, staff, input),
} satisfies ActionDefinition<typeof counterRedeemSchema, CounterRedemptionResult>;
