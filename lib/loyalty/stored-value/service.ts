import { randomInt } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, storedValueCards } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { AppError, sqlState } from "@/lib/errors";
import { saveSetting, settingAt } from "@/lib/settings/versioned";
import { resolveEffectiveFrom } from "../earn-rules/service";
import { assertExtraBonus, requestExtraBonus } from "./bonus-requests";
import { appendEntry, cardBalance, lockCard, requireStatus, type CardBalance, type CardRow } from "./ledger";
import {
  TOP_UP_BONUS_RULE,
  topUpBonusFor,
  topUpBonusRuleFromForm,
  type CardIdInput,
  type IssueCardValues,
  type RefundPrincipalInput,
  type ReissueCardValues,
  type TopUpBonusRuleFormOutput,
  type TopUpValues,
} from "./schemas";

/**
 * What staff do with stored-value cards at the desk: issue, top up, freeze, reissue, refund the
 * principal. Each locks the card first (ledger.ts) and writes its audit entry.
 */

const ENTITY = "stored_value_card";
const CARD_NO_ATTEMPTS = 5;

/** "SV" and 12 random digits. */
export function generateCardNo(): string {
  return `SV${String(randomInt(0, 1_000_000_000_000)).padStart(12, "0")}`;
}

/**
 * Inserts a card with the given number, or with generated numbers until one is free. `on conflict do
 * nothing` keeps a taken number from aborting the caller's transaction.
 */
async function insertCard(
  db: Db,
  values: { cardNo?: string; memberId: string | null; storeId: string; issuedBy: string | null },
): Promise<CardRow> {
  const attempts = values.cardNo ? 1 : CARD_NO_ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const cardNo = values.cardNo ?? generateCardNo();
    const [card] = await db
      .insert(storedValueCards)
      .values({ cardNo, memberId: values.memberId, storeId: values.storeId, issuedBy: values.issuedBy })
      .onConflictDoNothing({ target: storedValueCards.cardNo })
      .returning();
    if (card) return card;
  }
  if (values.cardNo)
    throw new AppError("conflict", {
      messageKey: "storedValueCardNoTaken",
      fieldErrors: { cardNo: ["storedValueCardNoTaken"] },
    });
  throw new AppError("internal", { detail: "Could not generate a free stored-value card number." });
}

async function requireMemberForCard(db: Db, memberId: string): Promise<void> {
  const [member] = await db
    .select({ erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, memberId), isNull(members.mergedIntoId)));
  if (!member) throw new AppError("not_found");
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
}

/**
 * The bonus of a top-up of `amountFen` under the rule in force at `at`. The staff member does not
 * choose it: a `shownFen` (what the form showed) different from the rule's is refused, so a forged
 * or stale request gives nothing (docs/domain.md#stored-value-cards).
 */
async function ruleBonus(db: Db, amountFen: number, shownFen: number | null | undefined, at: Date): Promise<number> {
  const bonusFen = topUpBonusFor(await settingAt(db, TOP_UP_BONUS_RULE, at), amountFen);
  if (shownFen !== null && shownFen !== undefined && shownFen !== bonusFen)
    throw new AppError("validation", {
      messageKey: "storedValueBonusNotRule",
      fieldErrors: { bonusFen: ["storedValueBonusNotRule"] },
    });
  return bonusFen;
}

/** An extra bonus asked with a top-up: pending until a manager decides (bonus-requests.ts). */
export type PendingExtraBonus = { requestId: string; amountFen: number };

export async function issueCard(
  db: Db,
  actor: Actor,
  input: IssueCardValues,
  at: Date = new Date(),
): Promise<{ cardId: string; cardNo: string; extraBonus?: PendingExtraBonus }> {
  const memberId = input.memberId ?? null;
  if (memberId) await requireMemberForCard(db, memberId);
  const topUpFen = input.initialTopUpFen ?? 0;
  if ((input.bonusFen ?? 0) > 0 && topUpFen <= 0)
    throw new AppError("validation", { fieldErrors: { bonusFen: ["storedValueBonusNeedsTopUp"] } });
  // Checked before the card is inserted: a refused bonus writes nothing.
  assertExtraBonus({ topUpFen, extraBonusFen: input.extraBonusFen, extraBonusReason: input.extraBonusReason });
  const bonusFen = await ruleBonus(db, topUpFen, input.bonusFen, at);

  const card = await insertCard(db, {
    cardNo: input.cardNo,
    memberId,
    storeId: input.storeId,
    issuedBy: actor.staffId,
  });
  let extraBonus: PendingExtraBonus | undefined;
  if (topUpFen > 0) {
    const topUpEntryId = await appendEntry(db, {
      cardId: card.id,
      kind: "top_up",
      principalFen: topUpFen,
      bonusFen,
      storeId: card.storeId,
      createdBy: actor.staffId,
    });
    extraBonus = await extraBonusOf(db, actor, card, topUpEntryId, input);
  }
  await recordAudit(db, {
    action: "stored_value.issue",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: {
      cardNo: card.cardNo,
      memberId,
      initialTopUpFen: topUpFen,
      bonusFen,
      ...(extraBonus ? { bonusRequestId: extraBonus.requestId } : {}),
    },
  });
  return { cardId: card.id, cardNo: card.cardNo, ...(extraBonus ? { extraBonus } : {}) };
}

/** The pending request for a top-up's extra bonus, if one was asked (validated by assertExtraBonus). */
async function extraBonusOf(
  db: Db,
  actor: Actor,
  card: CardRow,
  topUpEntryId: number,
  input: { extraBonusFen?: number | null; extraBonusReason?: string | null },
): Promise<PendingExtraBonus | undefined> {
  if (!input.extraBonusFen || input.extraBonusFen <= 0) return undefined;
  // A desk top-up is made at the card's store, so that store's managers decide.
  return requestExtraBonus(db, actor, {
    card,
    storeId: card.storeId,
    topUpEntryId,
    amountFen: input.extraBonusFen,
    reason: input.extraBonusReason ?? "",
  });
}

/**
 * Money paid in (principal) with the bonus of the rule in force (e.g. top up ¥1,000 get ¥100). Active
 * cards only. An extra bonus beyond the rule is only requested here; nothing of it is credited.
 */
export async function topUp(
  db: Db,
  actor: Actor,
  input: TopUpValues,
  at: Date = new Date(),
): Promise<CardBalance & { extraBonus?: PendingExtraBonus }> {
  if (!(input.amountFen > 0)) throw new AppError("validation");
  assertExtraBonus({
    topUpFen: input.amountFen,
    extraBonusFen: input.extraBonusFen,
    extraBonusReason: input.extraBonusReason,
  });
  const bonusFen = await ruleBonus(db, input.amountFen, input.bonusFen, at);
  const card = await lockCard(db, input.cardId);
  requireStatus(card, ["active"]);
  const topUpEntryId = await appendEntry(db, {
    cardId: card.id,
    kind: "top_up",
    principalFen: input.amountFen,
    bonusFen,
    storeId: card.storeId,
    createdBy: actor.staffId,
  });
  const extraBonus = await extraBonusOf(db, actor, card, topUpEntryId, input);
  const balance = await cardBalance(db, card.id);
  await recordAudit(db, {
    action: "stored_value.top_up",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: {
      cardNo: card.cardNo,
      amountFen: input.amountFen,
      bonusFen,
      balanceFen: balance.balanceFen,
      ...(extraBonus ? { bonusRequestId: extraBonus.requestId } : {}),
    },
  });
  return { ...balance, ...(extraBonus ? { extraBonus } : {}) };
}

async function setStatus(
  db: Db,
  actor: Actor,
  cardId: string,
  from: CardRow["status"],
  to: CardRow["status"],
  action: string,
): Promise<void> {
  const card = await lockCard(db, cardId);
  requireStatus(card, [from]);
  await db
    .update(storedValueCards)
    .set({ status: to, statusChangedAt: sql`now()` })
    .where(eq(storedValueCards.id, card.id));
  await recordAudit(db, {
    action,
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: { cardNo: card.cardNo },
  });
}

/** Report of loss (挂失): a frozen card cannot pay or be topped up until unfrozen or reissued. */
export async function freezeCard(db: Db, actor: Actor, input: CardIdInput): Promise<void> {
  await setStatus(db, actor, input.cardId, "active", "frozen", "stored_value.freeze");
}

export async function unfreezeCard(db: Db, actor: Actor, input: CardIdInput): Promise<void> {
  await setStatus(db, actor, input.cardId, "frozen", "active", "stored_value.unfreeze");
}

/**
 * Reissue (补卡): a new card for the same member and store receives the whole balance (principal and
 * bonus kept apart), the old card becomes `replaced` and points at the new one.
 */
export async function reissueCard(
  db: Db,
  actor: Actor,
  input: ReissueCardValues,
): Promise<{ cardId: string; cardNo: string; movedFen: number }> {
  const old = await lockCard(db, input.cardId);
  requireStatus(old, ["active", "frozen"]);
  const balance = await cardBalance(db, old.id);
  const card = await insertCard(db, {
    cardNo: input.newCardNo,
    memberId: old.memberId,
    storeId: old.storeId,
    issuedBy: actor.staffId,
  });
  await db
    .update(storedValueCards)
    .set({ status: "replaced", replacedById: card.id, statusChangedAt: sql`now()` })
    .where(eq(storedValueCards.id, old.id));
  if (balance.principalFen !== 0 || balance.bonusFen !== 0) {
    const common = { storeId: old.storeId, createdBy: actor.staffId };
    // Notes name the other card of the move.
    await appendEntry(db, {
      ...common,
      cardId: old.id,
      kind: "transfer_out",
      principalFen: -balance.principalFen,
      bonusFen: -balance.bonusFen,
      note: card.cardNo,
    });
    await appendEntry(db, {
      ...common,
      cardId: card.id,
      kind: "transfer_in",
      principalFen: balance.principalFen,
      bonusFen: balance.bonusFen,
      note: old.cardNo,
    });
  }
  await recordAudit(db, {
    action: "stored_value.reissue",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: old.id,
    storeId: old.storeId,
    details: {
      cardNo: old.cardNo,
      newCardId: card.id,
      newCardNo: card.cardNo,
      principalFen: balance.principalFen,
      bonusFen: balance.bonusFen,
    },
  });
  return { cardId: card.id, cardNo: card.cardNo, movedFen: balance.balanceFen };
}

/**
 * Pays unused principal back to the holder. Only principal is refundable. Refunding all of it (no
 * amount, or the whole principal) closes the card: the bonus left on it is forfeited, written as a
 * bonus-only negative entry of the same kind so that the ledger still sums to the (zero) balance.
 */
export async function refundPrincipal(
  db: Db,
  actor: Actor,
  input: RefundPrincipalInput,
): Promise<{ refundedFen: number; forfeitedBonusFen: number; closed: boolean; balance: CardBalance }> {
  const card = await lockCard(db, input.cardId);
  requireStatus(card, ["active", "frozen"]);
  const before = await cardBalance(db, card.id);
  if (before.principalFen <= 0) throw new AppError("insufficient_balance", { messageKey: "storedValueNoPrincipal" });
  const amountFen = input.amountFen ?? before.principalFen;
  if (!(amountFen > 0)) throw new AppError("validation");
  if (amountFen > before.principalFen) {
    throw new AppError("insufficient_balance", {
      messageKey: "storedValueRefundExceedsPrincipal",
      fieldErrors: { amountFen: ["storedValueRefundExceedsPrincipal"] },
    });
  }
  const common = {
    cardId: card.id,
    kind: "principal_refund" as const,
    storeId: card.storeId,
    createdBy: actor.staffId,
  };
  await appendEntry(db, { ...common, principalFen: -amountFen, bonusFen: 0 });
  const closed = amountFen === before.principalFen;
  const forfeitedBonusFen = closed ? before.bonusFen : 0;
  if (closed) {
    if (forfeitedBonusFen > 0)
      await appendEntry(db, {
        ...common,
        principalFen: 0,
        bonusFen: -forfeitedBonusFen,
        note: "bonus forfeited: card closed after a full principal refund",
      });
    await db
      .update(storedValueCards)
      .set({ status: "closed", statusChangedAt: sql`now()` })
      .where(eq(storedValueCards.id, card.id));
  }
  const balance = await cardBalance(db, card.id);
  await recordAudit(db, {
    action: "stored_value.refund_principal",
    ...byActor(actor),
    entityType: ENTITY,
    entityId: card.id,
    storeId: card.storeId,
    details: { cardNo: card.cardNo, refundedFen: amountFen, forfeitedBonusFen, closed, balanceFen: balance.balanceFen },
  });
  return { refundedFen: amountFen, forfeitedBonusFen, closed, balance };
}

/**
 * A new version of the top-up bonus rule, now or later (never in the past), like the earn rules;
 * saveSetting audits it as "settings.save".
 */
export async function saveTopUpBonusRule(
  db: Db,
  actor: Actor,
  input: TopUpBonusRuleFormOutput,
  now: Date = new Date(),
): Promise<{ id: string; effectiveFrom: Date }> {
  const effectiveFrom = resolveEffectiveFrom(input.effectiveFrom, now);
  try {
    const { id } = await saveSetting(db, actor, TOP_UP_BONUS_RULE, topUpBonusRuleFromForm(input), effectiveFrom);
    return { id, effectiveFrom };
  } catch (error) {
    // The settings table allows one version per key and moment.
    if (sqlState(error) === "23505")
      throw new AppError("conflict", {
        messageKey: "versionAtSameTime",
        fieldErrors: { effectiveFrom: ["versionAtSameTime"] },
      });
    throw error;
  }
}
