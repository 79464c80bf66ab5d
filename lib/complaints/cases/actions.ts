"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  addComplaintNoteUseCase,
  assignComplaintUseCase,
  changeComplaintStatusUseCase,
  findComplaintMembersUseCase,
  logComplaintUseCase,
  logContactAttemptUseCase,
  markNotificationsReadUseCase,
  memberRelationsUseCase,
  pauseComplaintUseCase,
  reopenComplaintUseCase,
  resolveComplaintUseCase,
  resumeComplaintUseCase,
} from "./use-cases";

export const logComplaintAction = defineAction(logComplaintUseCase);
export const assignComplaintAction = defineAction(assignComplaintUseCase);
export const addComplaintNoteAction = defineAction(addComplaintNoteUseCase);
export const logContactAttemptAction = defineAction(logContactAttemptUseCase);
export const changeComplaintStatusAction = defineAction(changeComplaintStatusUseCase);
export const pauseComplaintAction = defineAction(pauseComplaintUseCase);
export const resumeComplaintAction = defineAction(resumeComplaintUseCase);
export const resolveComplaintAction = defineAction(resolveComplaintUseCase);
export const reopenComplaintAction = defineAction(reopenComplaintUseCase);
export const markNotificationsReadAction = defineAction(markNotificationsReadUseCase);
export const findComplaintMembersAction = defineAction(findComplaintMembersUseCase);
export const memberRelationsAction = defineAction(memberRelationsUseCase);
