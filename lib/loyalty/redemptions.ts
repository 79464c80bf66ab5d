import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { redemptions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { settingAt } from "@/lib/settings/versioned";
import type { RedemptionInput, RedemptionResponse } from "./api-schemas";
import { takeGiftStock } from "./gifts";
import { debitPoints, lockMemberForPoints, pointsBalance } from "./points";
import { EARN_RULES } from "./rules";
import type { SaleSource } from "./transactions";

/**
 * Redeems points for parking, a gift or a cash offset, in the caller's transaction. The member's row
 * lock makes simultaneous redemptions queue, so the balance never goes below zero; a gift's stock
 * is taken with a guarded update and comes back with the rollback when the points fall short.
 */
export async function redeemPoints(db: Db, source: SaleSource, memberId: string, input: RedemptionInput): Promise<RedemptionResponse> {
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
      throw new AppError("validation", undefined, { points: [`Cash offset points must be worth whole fen (${rules.cashOffsetPointsPerYuan} points = ¥1).`] });
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
  return { redemptionId: redemption!.id, pointsSpent: points, pointsBalance: await pointsBalance(db, member.id), valueFen };
}

export async function redemptionById(db: Db, id: string) {
  const [row] = await db.select().from(redemptions).where(eq(redemptions.id, id));
  return row ?? null;
}
