"use server";

import { defineAction } from "@/lib/actions/define-action";
import { logFollowUpCallUseCase } from "./use-cases";

export const logFollowUpCallAction = defineAction(logFollowUpCallUseCase);
