"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  cancelEventUseCase,
  checkInGuestUseCase,
  closeEventUseCase,
  createEventUseCase,
  inviteNowUseCase,
  openEventUseCase,
  recordRsvpUseCase,
  undoCheckInUseCase,
  updateEventUseCase,
} from "./use-cases";

export const createEventAction = defineAction(createEventUseCase);
export const updateEventAction = defineAction(updateEventUseCase);
export const openEventAction = defineAction(openEventUseCase);
export const closeEventAction = defineAction(closeEventUseCase);
export const cancelEventAction = defineAction(cancelEventUseCase);
export const inviteNowAction = defineAction(inviteNowUseCase);
export const recordRsvpAction = defineAction(recordRsvpUseCase);
export const checkInGuestAction = defineAction(checkInGuestUseCase);
export const undoCheckInAction = defineAction(undoCheckInUseCase);
