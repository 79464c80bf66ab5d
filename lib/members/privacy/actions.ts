"use server";

import { defineAction } from "@/lib/actions/define-action";
import { revealContactUseCase } from "./use-cases";

export const revealContactAction = defineAction(revealContactUseCase);
