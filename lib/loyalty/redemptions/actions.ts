"use server";

import { defineAction } from "@/lib/actions/define-action";
import { counterRedeemUseCase } from "./use-cases";

export const counterRedeemAction = defineAction(counterRedeemUseCase);
