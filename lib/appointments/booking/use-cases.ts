import type { Db } from "@/db/client";
import { defineUseCase } from "@/lib/actions/use-case";
import type { StaffPrincipal } from "@/lib/auth/policy";
import {
  cancelAppointment,
  checkInAppointment,
  completeAppointment,
  confirmAppointment,
  markNoShow,
  rescheduleAppointment,
} from "./lifecycle";
import { appointmentStoreInScope, bookingSlots, findBookingMembers } from "./queries";
import {
  appointmentIdSchema,
  bookAppointmentSchema,
  bookingMemberSearchSchema,
  bookingSlotsSchema,
  cancelAppointmentSchema,
  rescheduleAppointmentSchema,
} from "./schemas";
import { bookAppointment } from "./service";

// Booking and the lifecycle. A booking's store is the one it names; a change's store is the
// appointment's, looked up in the staff member's stores (another store's appointment is not found).
// Booking and rescheduling take advisory locks: should PostgreSQL still report a deadlock or a
// serialization failure, the whole transaction is run again (up to 3 times).

const pagesOf = (appointmentId: string) => ["/appointments", `/appointments/${appointmentId}`];
const inAppointmentStore = (context: { db: Db; staff: StaffPrincipal; input: { appointmentId: string } }) =>
  appointmentStoreInScope(context.db, context.staff, context.input.appointmentId);

/** appointments.book: a visit for a member of the staff member's stores, confirmed at once. */
export const bookAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: bookAppointmentSchema,
  scope: ({ input }) => input.storeId,
  retries: 3,
  run: ({ staff, actor, input, db }) => bookAppointment(db, actor, staff, input),
  revalidate: (_input, output) => pagesOf(output.appointmentId),
});

export const confirmAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: appointmentIdSchema,
  scope: inAppointmentStore,
  run: ({ staff, actor, input, db }) => confirmAppointment(db, actor, staff, input.appointmentId),
  revalidate: (input) => pagesOf(input.appointmentId),
});

export const checkInAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: appointmentIdSchema,
  scope: inAppointmentStore,
  run: ({ staff, actor, input, db }) => checkInAppointment(db, actor, staff, input.appointmentId),
  revalidate: (input) => pagesOf(input.appointmentId),
});

export const completeAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: appointmentIdSchema,
  scope: inAppointmentStore,
  run: ({ staff, actor, input, db }) => completeAppointment(db, actor, staff, input.appointmentId),
  revalidate: (input) => pagesOf(input.appointmentId),
});

export const markNoShowUseCase = defineUseCase({
  permission: "appointments.book",
  input: appointmentIdSchema,
  scope: inAppointmentStore,
  run: ({ staff, actor, input, db }) => markNoShow(db, actor, staff, input.appointmentId),
  revalidate: (input) => pagesOf(input.appointmentId),
});

export const cancelAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: cancelAppointmentSchema,
  scope: inAppointmentStore,
  run: ({ staff, actor, input, db }) => cancelAppointment(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});

export const rescheduleAppointmentUseCase = defineUseCase({
  permission: "appointments.book",
  input: rescheduleAppointmentSchema,
  scope: inAppointmentStore,
  retries: 3,
  run: ({ staff, actor, input, db }) => rescheduleAppointment(db, actor, staff, input),
  revalidate: (input) => pagesOf(input.appointmentId),
});

// Reads the booking screens ask for as they go (read only; no revalidation).

/** The free starts of a store's day for a type and an advisor or any advisor. */
export const bookingSlotsUseCase = defineUseCase({
  permission: "appointments.book",
  input: bookingSlotsSchema,
  scope: ({ input }) => input.storeId,
  run: ({ input, db }) => bookingSlots(db, input),
});

/** The booking page's member search: the member list's search, in the staff member's stores. */
export const findBookingMembersUseCase = defineUseCase({
  permission: "appointments.book",
  input: bookingMemberSearchSchema,
  scope: "in-run",
  run: ({ staff, input, db }) => findBookingMembers(db, staff, input.q),
});
