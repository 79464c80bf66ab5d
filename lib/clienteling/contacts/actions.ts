"use server";

import { defineAction } from "@/lib/actions/define-action";
import { logContactUseCase } from "./use-cases";

export const logContactAction = defineAction(logContactUseCase);
