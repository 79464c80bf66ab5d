import { defineUseCase } from "@/lib/actions/use-case";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import {
  addClosureSchema,
  addTimeOffSchema,
  appointmentTypeIdSchema,
  createAppointmentTypeSchema,
  createRoomSchema,
  deleteClosureSchema,
  deleteTimeOffSchema,
  renameRoomSchema,
  roomIdSchema,
  setAdvisorHoursSchema,
  updateAppointmentTypeSchema,
} from "./schemas";
import { addClosure, deleteClosure, storeOfClosure } from "./closures";
import {
  createAppointmentType,
  createRoom,
  renameRoom,
  setAdvisorHours,
  setAppointmentTypeActive,
  setRoomActive,
  storeOfRoom,
  updateAppointmentType,
} from "./service";
import { addTimeOff, deleteTimeOff } from "./time-off";

const SETUP = "/appointments/setup";
const TYPE_PAGES = () => [SETUP, `${SETUP}/types`];
const ROOM_PAGES = () => [SETUP, `${SETUP}/rooms`];
const HOURS_PAGES = () => [SETUP, `${SETUP}/hours`];
const TIME_OFF_PAGES = () => [SETUP, `${SETUP}/time-off`];
const CLOSURE_PAGES = () => [SETUP, `${SETUP}/closures`];

// ── Appointment types: mall-wide ──────────────────────────────────────────────────────────────

/**
 * Types are the mall's, shared by every store ("global": no store to check), so a store manager
 * holding appointments.setup may still not shape them: only staff who see every store (admins,
 * head office) may.
 */
function requireAllStores(staff: StaffPrincipal) {
  if (storeScopeOf(staff).kind !== "all") throw new AppError("forbidden");
}

export const createAppointmentTypeUseCase = defineUseCase({
  permission: "appointments.setup",
  input: createAppointmentTypeSchema,
  scope: "global",
  revalidate: TYPE_PAGES,
  run: ({ staff, actor, input, db }) => {
    requireAllStores(staff);
    return createAppointmentType(db, actor, input);
  },
});

export const updateAppointmentTypeUseCase = defineUseCase({
  permission: "appointments.setup",
  input: updateAppointmentTypeSchema,
  scope: "global",
  revalidate: (input) => [...TYPE_PAGES(), `${SETUP}/types/${input.id}`],
  run: ({ staff, actor, input, db }) => {
    requireAllStores(staff);
    return updateAppointmentType(db, actor, input);
  },
});

export const deactivateAppointmentTypeUseCase = defineUseCase({
  permission: "appointments.setup",
  input: appointmentTypeIdSchema,
  scope: "global",
  revalidate: (input) => [...TYPE_PAGES(), `${SETUP}/types/${input.id}`],
  run: ({ staff, actor, input, db }) => {
    requireAllStores(staff);
    return setAppointmentTypeActive(db, actor, input.id, false);
  },
});

export const activateAppointmentTypeUseCase = defineUseCase({
  permission: "appointments.setup",
  input: appointmentTypeIdSchema,
  scope: "global",
  revalidate: (input) => [...TYPE_PAGES(), `${SETUP}/types/${input.id}`],
  run: ({ staff, actor, input, db }) => {
    requireAllStores(staff);
    return setAppointmentTypeActive(db, actor, input.id, true);
  },
});

// ── Rooms: the room's store ───────────────────────────────────────────────────────────────────

export const createRoomUseCase = defineUseCase({
  permission: "appointments.setup",
  input: createRoomSchema,
  scope: ({ input }) => input.storeId,
  revalidate: ROOM_PAGES,
  run: ({ actor, input, db }) => createRoom(db, actor, input),
});

export const renameRoomUseCase = defineUseCase({
  permission: "appointments.setup",
  input: renameRoomSchema,
  scope: ({ db, input }) => storeOfRoom(db, input.id),
  revalidate: ROOM_PAGES,
  run: ({ actor, input, db }) => renameRoom(db, actor, input),
});

export const deactivateRoomUseCase = defineUseCase({
  permission: "appointments.setup",
  input: roomIdSchema,
  scope: ({ db, input }) => storeOfRoom(db, input.id),
  revalidate: ROOM_PAGES,
  run: ({ actor, input, db }) => setRoomActive(db, actor, input.id, false),
});

export const activateRoomUseCase = defineUseCase({
  permission: "appointments.setup",
  input: roomIdSchema,
  scope: ({ db, input }) => storeOfRoom(db, input.id),
  revalidate: ROOM_PAGES,
  run: ({ actor, input, db }) => setRoomActive(db, actor, input.id, true),
});

// ── Advisors' hours, time off and closures: the store named in the input ──────────────────────

export const setAdvisorHoursUseCase = defineUseCase({
  permission: "appointments.setup",
  input: setAdvisorHoursSchema,
  scope: ({ input }) => input.storeId,
  revalidate: (input) => [...HOURS_PAGES(), `${SETUP}/hours/${input.staffId}`],
  run: ({ actor, input, db }) => setAdvisorHours(db, actor, input),
});

export const addTimeOffUseCase = defineUseCase({
  permission: "appointments.setup",
  input: addTimeOffSchema,
  scope: ({ input }) => input.storeId,
  revalidate: TIME_OFF_PAGES,
  run: ({ actor, input, db }) => addTimeOff(db, actor, input),
});

export const deleteTimeOffUseCase = defineUseCase({
  permission: "appointments.setup",
  input: deleteTimeOffSchema,
  scope: ({ input }) => input.storeId,
  revalidate: TIME_OFF_PAGES,
  run: ({ actor, input, db }) => deleteTimeOff(db, actor, input),
});

export const addClosureUseCase = defineUseCase({
  permission: "appointments.setup",
  input: addClosureSchema,
  scope: ({ input }) => input.storeId,
  revalidate: CLOSURE_PAGES,
  run: ({ actor, input, db }) => addClosure(db, actor, input),
});

export const deleteClosureUseCase = defineUseCase({
  permission: "appointments.setup",
  input: deleteClosureSchema,
  scope: ({ db, input }) => storeOfClosure(db, input.id),
  revalidate: CLOSURE_PAGES,
  run: ({ actor, input, db }) => deleteClosure(db, actor, input.id),
});
