"use server";

import { defineAction } from "@/lib/actions/define-action";
import { addTicketNoteUseCase, changeTicketStatusUseCase } from "./use-cases";

export const changeTicketStatusAction = defineAction(changeTicketStatusUseCase);
export const addTicketNoteAction = defineAction(addTicketNoteUseCase);
