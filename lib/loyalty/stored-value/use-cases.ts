import type { Db } from "@/db/client";
import { defineUseCase } from "@/lib/actions/use-case";
import { memberInScopeOrThrow } from "@/lib/members/scope";
import { bonusRequestStoreId, decideBonusRequest } from "./bonus-requests";
import { cardStoreId, findMembersForCard } from "./queries";
import {
  cardIdSchema,
  cardMemberLookupSchema,
  decideBonusRequestSchema,
  issueCardSchema,
  refundPrincipalSchema,
  reissueCardSchema,
  topUpBonusRuleFormSchema,
  topUpSchema,
} from "./schemas";
import {
  freezeCard,
  issueCard,
  refundPrincipal,
  reissueCard,
  saveTopUpBonusRule,
  topUp,
  unfreezeCard,
} from "./service";

// A card operation needs its permission in the card's store, read from the card (the form cannot
// name another store): a card of another store is "not found".
const cardScope = ({ db, input }: { db: Db; input: { cardId: string } }) => cardStoreId(db, input.cardId);
const CARD_PAGES = () => ["/loyalty/cards"];
// A top-up with an extra bonus adds a request to the approvals queue.
const TOP_UP_PAGES = () => ["/loyalty/cards", "/loyalty/approvals"];

export const issueStoredValueCardUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: issueCardSchema,
  scope: ({ input }) => input.storeId,
  revalidate: TOP_UP_PAGES,
  async run({ staff, actor, input, db }) {
    // The holder, if any, must be a member the staff member may see.
    if (input.memberId) await memberInScopeOrThrow(db, staff, input.memberId);
    return issueCard(db, actor, input);
  },
});

export const topUpUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: topUpSchema,
  scope: cardScope,
  revalidate: TOP_UP_PAGES,
  run: ({ actor, input, db }) => topUp(db, actor, input),
});

export const freezeCardUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: cardIdSchema,
  scope: cardScope,
  revalidate: CARD_PAGES,
  async run({ actor, input, db }) {
    await freezeCard(db, actor, input);
    return null;
  },
});

export const unfreezeCardUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: cardIdSchema,
  scope: cardScope,
  revalidate: CARD_PAGES,
  async run({ actor, input, db }) {
    await unfreezeCard(db, actor, input);
    return null;
  },
});

export const reissueCardUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: reissueCardSchema,
  scope: cardScope,
  revalidate: CARD_PAGES,
  run: ({ actor, input, db }) => reissueCard(db, actor, input),
});

export const refundPrincipalUseCase = defineUseCase({
  permission: "loyalty.cards.refund",
  input: refundPrincipalSchema,
  scope: cardScope,
  revalidate: CARD_PAGES,
  run: ({ actor, input, db }) => refundPrincipal(db, actor, input),
});

/**
 * loyalty.adjust.approve (the permission that approves points adjustments): approve or reject an
 * extra bonus request; the maker cannot decide their own. Scope is the store where the top-up was
 * made, read from the request: a request of another store is "not found".
 */
export const decideBonusRequestUseCase = defineUseCase({
  permission: "loyalty.adjust.approve",
  input: decideBonusRequestSchema,
  scope: ({ db, input }) => bonusRequestStoreId(db, input.requestId),
  run: ({ actor, input, db }) => decideBonusRequest(db, actor, input),
  // After run: TypeScript infers the output type from run first.
  revalidate: (_input, output) => ["/loyalty/approvals", "/loyalty/cards", `/loyalty/cards/${output.cardId}`],
});

/** loyalty.rules.manage (the earn rules' admin): a new version of the top-up bonus rule (audited settings.save). */
export const saveTopUpBonusRuleUseCase = defineUseCase({
  permission: "loyalty.rules.manage",
  input: topUpBonusRuleFormSchema,
  // The rule is mall-wide, not a store's.
  scope: "global",
  revalidate: () => ["/loyalty/cards"],
  run: ({ actor, input, db }) => saveTopUpBonusRule(db, actor, input),
});

/** The issue form's look-up of the holder (read only): the query keeps to the staff member's members. */
export const findCardMemberUseCase = defineUseCase({
  permission: "loyalty.cards.manage",
  input: cardMemberLookupSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => findMembersForCard(db, staff, input.query),
});
