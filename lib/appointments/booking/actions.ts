"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  bookAppointmentUseCase,
  bookingSlotsUseCase,
  cancelAppointmentUseCase,
  checkInAppointmentUseCase,
  completeAppointmentUseCase,
  confirmAppointmentUseCase,
  findBookingMembersUseCase,
  markNoShowUseCase,
  rescheduleAppointmentUseCase,
} from "./use-cases";

export const bookAppointmentAction = defineAction(bookAppointmentUseCase);
export const confirmAppointmentAction = defineAction(confirmAppointmentUseCase);
export const checkInAppointmentAction = defineAction(checkInAppointmentUseCase);
export const completeAppointmentAction = defineAction(completeAppointmentUseCase);
export const markNoShowAction = defineAction(markNoShowUseCase);
export const cancelAppointmentAction = defineAction(cancelAppointmentUseCase);
export const rescheduleAppointmentAction = defineAction(rescheduleAppointmentUseCase);
export const bookingSlotsAction = defineAction(bookingSlotsUseCase);
export const findBookingMembersAction = defineAction(findBookingMembersUseCase);
