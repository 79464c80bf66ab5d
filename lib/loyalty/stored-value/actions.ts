"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  decideBonusRequestUseCase,
  findCardMemberUseCase,
  freezeCardUseCase,
  issueStoredValueCardUseCase,
  refundPrincipalUseCase,
  reissueCardUseCase,
  saveTopUpBonusRuleUseCase,
  topUpUseCase,
  unfreezeCardUseCase,
} from "./use-cases";

export const issueCardAction = defineAction(issueStoredValueCardUseCase);
export const topUpCardAction = defineAction(topUpUseCase);
export const freezeCardAction = defineAction(freezeCardUseCase);
export const unfreezeCardAction = defineAction(unfreezeCardUseCase);
export const reissueCardAction = defineAction(reissueCardUseCase);
export const refundPrincipalAction = defineAction(refundPrincipalUseCase);
export const findCardMemberAction = defineAction(findCardMemberUseCase);
export const saveTopUpBonusRuleAction = defineAction(saveTopUpBonusRuleUseCase);
export const decideBonusRequestAction = defineAction(decideBonusRequestUseCase);
