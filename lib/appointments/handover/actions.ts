"use server";

import { defineAction } from "@/lib/actions/define-action";
import { handoverUseCase } from "./use-cases";

export const handoverAction = defineAction(handoverUseCase);
