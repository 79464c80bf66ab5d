import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appointmentEvents, appointments, appointmentTypes, members, rooms, staff, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { maskName } from "@/lib/members/masking";

/**
 * What a visit's confirmation (the PDF and the calendar file) says: the visit as the member should
 * know it, nothing internal. The member's name is always masked: the confirmation is made by staff
 * and may be printed or forwarded. Another store's appointment is not found.
 */

export type VisitConfirmation = {
  appointmentId: string;
  /** What staff and member quote on the phone: the first 8 characters of the id, upper-case. */
  reference: string;
  status: (typeof appointments.$inferSelect)["status"];
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  type: { code: string; nameZh: string; nameEn: string };
  store: { id: string; code: string; name: string; nameEn: string | null };
  advisorName: string;
  room: { name: string; nameEn: string | null } | null;
  /** The booking's note (what the member asked to see, what to bring). */
  note: string;
  maskedName: string;
  /**
   * The calendar revision (iCalendar SEQUENCE): one per reschedule, and one more once cancelled,
   * so a calendar that imported an earlier file takes this one as the newer.
   */
  sequence: number;
  updatedAt: Date;
};

export async function loadVisitConfirmation(
  db: Db,
  viewer: StaffPrincipal,
  appointmentId: string,
): Promise<VisitConfirmation> {
  if (!z.uuid().safeParse(appointmentId).success) throw new AppError("not_found");
  const [row] = await db
    .select({
      appointment: appointments,
      store: { id: stores.id, code: stores.code, name: stores.name, nameEn: stores.nameEn, timeZone: stores.timeZone },
      type: { code: appointmentTypes.code, nameZh: appointmentTypes.nameZh, nameEn: appointmentTypes.nameEn },
      advisorName: staff.displayName,
      room: { name: rooms.name, nameEn: rooms.nameEn },
      memberName: members.name,
    })
    .from(appointments)
    .innerJoin(stores, eq(stores.id, appointments.storeId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
    .innerJoin(staff, eq(staff.id, appointments.advisorId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .where(and(eq(appointments.id, appointmentId), storeFilter(appointments.storeId, storeScopeOf(viewer))));
  if (!row) throw new AppError("not_found");
  const [reschedules] = await db
    .select({ value: count() })
    .from(appointmentEvents)
    .where(and(eq(appointmentEvents.appointmentId, appointmentId), eq(appointmentEvents.kind, "rescheduled")));

  const { appointment, store } = row;
  return {
    appointmentId: appointment.id,
    reference: appointment.id.slice(0, 8).toUpperCase(),
    status: appointment.status,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    timeZone: store.timeZone,
    type: row.type,
    store: { id: store.id, code: store.code, name: store.name, nameEn: store.nameEn },
    advisorName: row.advisorName,
    room: appointment.roomId && row.room?.name ? { name: row.room.name, nameEn: row.room.nameEn } : null,
    note: appointment.note,
    maskedName: maskName(row.memberName),
    sequence: (reschedules?.value ?? 0) + (appointment.status === "cancelled" ? 1 : 0),
    updatedAt: appointment.updatedAt,
  };
}
