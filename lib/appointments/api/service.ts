import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, appointmentTypes, members, stores } from "@/db/schema";
import { availabilityFor } from "@/lib/appointments/availability/queries";
import { memberBelowTier, visitTimes } from "@/lib/appointments/booking/schemas";
import { placeBooking, type AppointmentType } from "@/lib/appointments/booking/service";
import type { ApiPrincipal } from "@/lib/api/authenticate";
import { AppError, isAppError } from "@/lib/errors";
import { findMemberId } from "@/lib/loyalty/purchases/queries";
import { localDate, shiftDay, todayIn } from "@/lib/time";
import {
  API_BOOKING_DAYS_AHEAD,
  type AvailabilityQuery,
  type AvailabilityResponse,
  type RequestAppointmentInput,
  type RequestAppointmentResponse,
} from "./schemas";

/**
 * The mini-program's appointment operations (docs/domain.md#mini-program-api). The member-app key
 * belongs to one store, but the mini-program serves the whole mall: the store is the one the
 * request names. A booking is a request (status `requested`, source `mini_program`) that staff
 * confirm; it goes through the same locks, re-check and exclusion constraints as a staff booking
 * (booking/service.ts placeBooking). Field messages are English: they are for API clients.
 */

function fieldError(field: string, message: string): AppError {
  return new AppError("validation", { fieldErrors: { [field]: [message] } });
}

/**
 * The active store and the active appointment type a request names, in one read. An unknown store
 * is the answer when both are unknown.
 */
async function activeStoreAndType(
  db: Db,
  storeCode: string,
  typeCode: string,
  typeField: string,
): Promise<{ store: { id: string; code: string; timeZone: string }; type: AppointmentType }> {
  const [row] = await db
    .select({ store: { id: stores.id, code: stores.code, timeZone: stores.timeZone }, type: appointmentTypes })
    .from(stores)
    .leftJoin(appointmentTypes, and(eq(appointmentTypes.code, typeCode), eq(appointmentTypes.active, true)))
    .where(and(eq(stores.code, storeCode), eq(stores.active, true)));
  if (!row) throw fieldError("storeCode", "No active store has this code.");
  if (!row.type) throw fieldError(typeField, "No active appointment type has this code.");
  return { store: row.store, type: row.type };
}

/** Today up to API_BOOKING_DAYS_AHEAD days ahead, store-local. */
function withinBookingWindow(date: string, timeZone: string, now: Date): boolean {
  const today = todayIn(timeZone, now);
  return date >= today && date <= shiftDay(today, { days: API_BOOKING_DAYS_AHEAD });
}

const WINDOW_MESSAGE = `Must be between today and ${API_BOOKING_DAYS_AHEAD} days ahead (store-local).`;

export async function apiAvailability(
  db: Db,
  query: AvailabilityQuery,
  now: Date = new Date(),
): Promise<AvailabilityResponse> {
  const { store, type } = await activeStoreAndType(db, query.storeCode, query.type, "type");
  if (!withinBookingWindow(query.date, store.timeZone, now)) throw fieldError("date", WINDOW_MESSAGE);
  // The store and the type are read already: the availability loader does not read them again.
  const slots = await availabilityFor(db, { store, type, date: query.date, advisorId: null, now });
  return {
    storeCode: store.code,
    date: query.date,
    typeCode: type.code,
    timeZone: store.timeZone,
    slots: slots.map((slot) => ({
      time: slot.time,
      startsAt: slot.startsAt.toISOString(),
      advisorIds: slot.advisorIds,
    })),
  };
}

/** What the audit log and the appointment's history name the caller by: the key's name and prefix. */
async function apiKeyLabel(db: Db, apiKeyId: string): Promise<string> {
  const [key] = await db
    .select({ name: apiKeys.name, prefix: apiKeys.prefix })
    .from(apiKeys)
    .where(eq(apiKeys.id, apiKeyId));
  return key ? `api:${key.name} (${key.prefix})` : "api";
}

/** The member by phone: not merged, not erased; else member_not_found. */
async function bookableMember(db: Db, phone: string) {
  const memberId = await findMemberId(db, { phone });
  if (!memberId) throw new AppError("member_not_found");
  const [member] = await db
    .select({ id: members.id, tier: members.tier, erasedAt: members.erasedAt })
    .from(members)
    .where(eq(members.id, memberId));
  if (!member || member.erasedAt) throw new AppError("member_not_found");
  return member;
}

export async function requestAppointmentByApi(
  db: Db,
  principal: Pick<ApiPrincipal, "apiKeyId">,
  input: RequestAppointmentInput,
  now: Date = new Date(),
): Promise<RequestAppointmentResponse> {
  const { store, type } = await activeStoreAndType(db, input.storeCode, input.typeCode, "typeCode");
  const startsAt = new Date(input.startsAt);
  if (startsAt <= now) throw fieldError("startsAt", "Must be in the future.");
  if (!withinBookingWindow(localDate(startsAt, store.timeZone), store.timeZone, now)) {
    throw fieldError("startsAt", WINDOW_MESSAGE);
  }
  const member = await bookableMember(db, input.member.phone);
  // No override through the API: a manager's decision, made at the store.
  if (memberBelowTier(member.tier, type.minTier)) {
    throw fieldError(
      "member",
      `This appointment type needs tier ${type.minTier} or above; the member is ${member.tier}.`,
    );
  }
  const actorLabel = await apiKeyLabel(db, principal.apiKeyId);
  try {
    const booked = await placeBooking(
      db,
      { status: "requested", source: "mini_program", actorStaffId: null, actorLabel, ip: null },
      {
        member,
        type,
        store,
        startsAt,
        advisorId: input.advisorId ?? null,
        roomId: null,
        note: "",
        override: null,
      },
      now,
    );
    return {
      appointmentId: booked.appointmentId,
      storeCode: store.code,
      typeCode: type.code,
      advisorId: booked.advisorId,
      startsAt: booked.startsAt,
      endsAt: visitTimes(startsAt, type).endsAt.toISOString(),
      status: "requested",
    };
  } catch (error) {
    // The staff screens' message key, in the API's words.
    if (isAppError(error) && error.fieldErrors?.advisorId) {
      throw fieldError("advisorId", "This advisor does not take appointments at this store.");
    }
    throw error;
  }
}
