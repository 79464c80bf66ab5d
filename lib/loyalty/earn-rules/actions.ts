"use server";

import { defineAction } from "@/lib/actions/define-action";
import { saveEarnRulesUseCase } from "./use-cases";

export const saveEarnRulesAction = defineAction(saveEarnRulesUseCase);
