"use server";

import { defineAction } from "@/lib/actions/define-action";
import { joinWaitlistUseCase, leaveWaitlistUseCase } from "./use-cases";

export const joinWaitlistAction = defineAction(joinWaitlistUseCase);
export const leaveWaitlistAction = defineAction(leaveWaitlistUseCase);
