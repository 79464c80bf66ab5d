"use server";

import { defineAction } from "@/lib/actions/define-action";
import { assignTaskUseCase, completeTaskUseCase, skipTaskUseCase } from "./use-cases";

export const completeTaskAction = defineAction(completeTaskUseCase);
export const skipTaskAction = defineAction(skipTaskUseCase);
export const assignTaskAction = defineAction(assignTaskUseCase);
