"use server";

import { defineAction } from "@/lib/actions/define-action";
import { saveSlaPolicyUseCase } from "./use-cases";

export const saveSlaPolicyAction = defineAction(saveSlaPolicyUseCase);
