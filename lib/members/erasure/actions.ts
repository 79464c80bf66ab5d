"use server";

import { defineAction } from "@/lib/actions/define-action";
import { eraseMemberOnRequestUseCase } from "./use-cases";

export const eraseMemberOnRequestAction = defineAction(eraseMemberOnRequestUseCase);
