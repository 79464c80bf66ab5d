"use server";

import { defineAction } from "@/lib/actions/define-action";
import { saveEarnRulesUseCase } from "./earn-rules";

export const saveEarnRulesAction = defineAction({ ...saveEarnRulesUseCase, revalidate: ["/loyalty/rules"] });
