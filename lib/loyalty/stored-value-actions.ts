"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  findCardMemberUseCase,
  freezeCardUseCase,
  issueCardUseCase,
  refundPrincipalUseCase,
  reissueCardUseCase,
  topUpUseCase,
  unfreezeCardUseCase,
} from "./stored-value";

// Thin wrappers over the use cases in stored-value.ts: session → permission → zod → store scope
// (the chosen store, or the card's store) → one transaction → business function and audit.

export const issueCardAction = defineAction({ ...issueCardUseCase, revalidate: ["/loyalty/cards"] });

export const topUpCardAction = defineAction({ ...topUpUseCase, revalidate: ["/loyalty/cards"] });

export const freezeCardAction = defineAction({ ...freezeCardUseCase, revalidate: ["/loyalty/cards"] });

export const unfreezeCardAction = defineAction({ ...unfreezeCardUseCase, revalidate: ["/loyalty/cards"] });

export const reissueCardAction = defineAction({ ...reissueCardUseCase, revalidate: ["/loyalty/cards"] });

export const refundPrincipalAction = defineAction({ ...refundPrincipalUseCase, revalidate: ["/loyalty/cards"] });

/** Read only: the issue form's holder look-up by mobile or member card number. */
export const findCardMemberAction = defineAction(findCardMemberUseCase);
