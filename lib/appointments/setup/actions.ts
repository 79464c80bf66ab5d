"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  activateAppointmentTypeUseCase,
  activateRoomUseCase,
  addClosureUseCase,
  addTimeOffUseCase,
  createAppointmentTypeUseCase,
  createRoomUseCase,
  deactivateAppointmentTypeUseCase,
  deactivateRoomUseCase,
  deleteClosureUseCase,
  deleteTimeOffUseCase,
  renameRoomUseCase,
  setAdvisorHoursUseCase,
  updateAppointmentTypeUseCase,
} from "./use-cases";

export const createAppointmentTypeAction = defineAction(createAppointmentTypeUseCase);
export const updateAppointmentTypeAction = defineAction(updateAppointmentTypeUseCase);
export const deactivateAppointmentTypeAction = defineAction(deactivateAppointmentTypeUseCase);
export const activateAppointmentTypeAction = defineAction(activateAppointmentTypeUseCase);
export const createRoomAction = defineAction(createRoomUseCase);
export const renameRoomAction = defineAction(renameRoomUseCase);
export const deactivateRoomAction = defineAction(deactivateRoomUseCase);
export const activateRoomAction = defineAction(activateRoomUseCase);
export const setAdvisorHoursAction = defineAction(setAdvisorHoursUseCase);
export const addTimeOffAction = defineAction(addTimeOffUseCase);
export const deleteTimeOffAction = defineAction(deleteTimeOffUseCase);
export const addClosureAction = defineAction(addClosureUseCase);
export const deleteClosureAction = defineAction(deleteClosureUseCase);
