"use server";

import { defineAction } from "@/lib/actions/define-action";
import { pickUpTicketUseCase, unlockClaimUseCase } from "./use-cases";

export const pickUpTicketAction = defineAction(pickUpTicketUseCase);
export const unlockClaimAction = defineAction(unlockClaimUseCase);
