"use server";

import { defineAction } from "@/lib/actions/define-action";
import { mergeDuplicatesUseCase } from "./use-cases";

export const mergeDuplicatesAction = defineAction(mergeDuplicatesUseCase);
