import { defineUseCase } from "@/lib/actions/use-case";
import { eventStoreIdOrThrow } from "./queries";
import { createEventSchema, eventIdSchema, guestSchema, recordRsvpSchema, updateEventSchema } from "./schemas";
import {
  cancelEvent,
  checkInGuest,
  closeEvent,
  createEvent,
  inviteNow,
  openEvent,
  recordRsvp,
  undoCheckIn,
  updateEvent,
} from "./service";

// Every write acts on one event's store: another store's event is "not found" (the scope check).
const EVENT_PAGES = (id: string) => ["/events", `/events/${id}`, `/events/${id}/check-in`];

export const createEventUseCase = defineUseCase({
  permission: "events.manage",
  input: createEventSchema,
  scope: ({ input }) => input.storeId,
  revalidate: () => ["/events"],
  run: ({ actor, input, db }) => createEvent(db, actor, input),
});

export const updateEventUseCase = defineUseCase({
  permission: "events.manage",
  input: updateEventSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.id),
  revalidate: (input) => EVENT_PAGES(input.id),
  run: ({ actor, input, db }) => updateEvent(db, actor, input),
});

export const openEventUseCase = defineUseCase({
  permission: "events.manage",
  input: eventIdSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.id),
  revalidate: (input) => EVENT_PAGES(input.id),
  run: ({ actor, input, db }) => openEvent(db, actor, input.id),
});

export const closeEventUseCase = defineUseCase({
  permission: "events.manage",
  input: eventIdSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.id),
  revalidate: (input) => EVENT_PAGES(input.id),
  run: ({ actor, input, db }) => closeEvent(db, actor, input.id),
});

export const cancelEventUseCase = defineUseCase({
  permission: "events.manage",
  input: eventIdSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.id),
  revalidate: (input) => EVENT_PAGES(input.id),
  run: ({ actor, input, db }) => cancelEvent(db, actor, input.id),
});

/** "Send invitations now": what the `event-invitations` job does, for one event, at once. */
export const inviteNowUseCase = defineUseCase({
  permission: "events.manage",
  input: eventIdSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.id),
  revalidate: (input) => EVENT_PAGES(input.id),
  run: ({ actor, input, db }) => inviteNow(db, actor, input.id),
});

/** Staff record a member's answer on their behalf. */
export const recordRsvpUseCase = defineUseCase({
  permission: "events.checkin",
  input: recordRsvpSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.eventId),
  revalidate: (input) => EVENT_PAGES(input.eventId),
  run: ({ actor, input, db }) => recordRsvp(db, actor, input),
});

export const checkInGuestUseCase = defineUseCase({
  permission: "events.checkin",
  input: guestSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.eventId),
  revalidate: (input) => EVENT_PAGES(input.eventId),
  run: ({ actor, input, db }) => checkInGuest(db, actor, input),
});

export const undoCheckInUseCase = defineUseCase({
  permission: "events.checkin",
  input: guestSchema,
  scope: ({ db, input }) => eventStoreIdOrThrow(db, input.eventId),
  revalidate: (input) => EVENT_PAGES(input.eventId),
  run: ({ actor, input, db }) => undoCheckIn(db, actor, input),
});
