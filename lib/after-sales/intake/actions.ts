"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createServiceTicketUseCase, intakeMemberContextUseCase, savePriceListUseCase } from "./use-cases";

export const createServiceTicketAction = defineAction(createServiceTicketUseCase);
export const intakeMemberContextAction = defineAction(intakeMemberContextUseCase);
export const savePriceListAction = defineAction(savePriceListUseCase);
