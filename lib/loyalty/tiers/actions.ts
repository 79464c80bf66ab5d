"use server";

import { defineAction } from "@/lib/actions/define-action";
import { grantTierUseCase, previewTierProgrammeUseCase, saveTierProgrammeUseCase } from "./use-cases";

export const grantTierAction = defineAction(grantTierUseCase);
export const saveTierProgrammeAction = defineAction(saveTierProgrammeUseCase);
export const previewTierProgrammeAction = defineAction(previewTierProgrammeUseCase);
