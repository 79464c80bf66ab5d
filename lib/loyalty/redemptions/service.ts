import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { redemptions } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { canAccessStore, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { settingAt } from "@/lib/settings/versioned";
import { takeGiftStock } from "../gifts/service";
import { pointsBalance } from "../points/queries";
import { debitPoints, lockMemberForPoints } from "../points/service";
import { EARN_RULES } from "../programme/rules";
import type { SaleSource } from "../purchases/service";
import { toRedemptionInput, type CounterRedeemParsed, type RedemptionInput, type RedemptionResponse } from "./schemas";

/**
 * Redeems points for parking, a gift or a cash offset, in the caller's transaction. The member's row
 * lock makes simultaneous redemptions queue, so the balance never goes below zero; a gift's stock
 * is taken with a guarded update and comes back with the rollback when the points fall short.
 */
export async function redeemPoints(
  db: Db,
  source: SaleSource,
  memberId: string,
  input: RedemptionInput,
): Promise<RedemptionResponse> {
  const member = await lockMemberForPoints(db, memberId);
  if (!member) throw new AppError("member_not_found");
  const rules = await settingAt(db, EARN_RULES);

  let points: number;
  let valueFen: number | null = null;
  let giftId: string | null = null;
  if (input.type === "parking") {
    points = input.hours * rules.parkingPointsPerHour;
  } else if (input.type === "gift") {
    const gift = await takeGiftStock(db, { giftCode: input.giftCode, quantity: input.quantity });
    giftId = gift.giftId;
    points = gift.pointsCost * input.quantity;
  } else {
    if ((input.points * 100) % rules.cashOffsetPointsPerYuan !== 0) {
      throw new AppError("validation", {
        fieldErrors: {
          points: [`Cash offset points must be worth whole fen (${rules.cashOffsetPointsPerYuan} points = ¥1).`],
        },
      });
    }
    points = input.points;
    valueFen = (input.points * 100) / rules.cashOffsetPointsPerYuan;
  }

  const [redemption] = await db
    .insert(redemptions)
    .values({
      memberId: member.id,
      type: input.type,
      giftId,
      quantity: input.type === "gift" ? input.quantity : null,
      hours: input.type === "parking" ? input.hours : null,
      points,
      valueFen,
      storeId: source.storeId,
      staffId: source.staffId ?? null,
      apiKeyId: source.apiKeyId ?? null,
    })
    .returning({ id: redemptions.id });
  await debitPoints(db, {
    memberId: member.id,
    kind: "spend",
    points,
    allowDebt: false,
    storeId: source.storeId,
    redemptionId: redemption!.id,
    createdBy: source.staffId ?? null,
    reason: input.type,
  });
  return {
    redemptionId: redemption!.id,
    pointsSpent: points,
    pointsBalance: await pointsBalance(db, member.id),
    valueFen,
  };
}

export async function redemptionById(db: Db, id: string) {
  const [row] = await db.select().from(redemptions).where(eq(redemptions.id, id));
  return row ?? null;
}

// ── At the counter ────────────────────────────────────────────────────────────────────────────
// From the member's 360° view: the same ledger function as the POS API (redeemPoints), with the
// staff member's scope and an audit entry around it.

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

export async function redeemAtCounter(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: CounterRedeemParsed,
): Promise<CounterRedemptionResult> {
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
