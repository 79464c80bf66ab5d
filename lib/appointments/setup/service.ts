import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { advisorHours, appointmentTypes, rooms, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";
import { getStoreAdvisor, listTierCodes } from "./queries";
import {
  WEEKDAYS,
  type BusinessHours,
  type createAppointmentTypeSchema,
  type createRoomSchema,
  type renameRoomSchema,
  type setAdvisorHoursSchema,
  type updateAppointmentTypeSchema,
} from "./schemas";

/**
 * Appointment setup's writes (types, rooms, advisors' hours; time off and closures are in
 * time-off.ts and closures.ts), in the caller's transaction, each audited. Types and rooms are
 * deactivated, never deleted (appointments point at them); time off and closures are deleted
 * outright (nothing points at them, and a mistaken entry should stop blocking slots at once).
 * Store scope is checked by the use cases before these run (another store's row is "not found").
 */

// ── Appointment types ─────────────────────────────────────────────────────────────────────────

type TypeDetails = z.output<typeof updateAppointmentTypeSchema>;

/** A minimum tier must be a tier of the programme in force; anything else is refused on the field. */
async function assertKnownTier(db: Db, minTier: string | null) {
  if (minTier === null) return;
  const codes: readonly string[] = await listTierCodes(db);
  if (!codes.includes(minTier)) throw new AppError("validation", { fieldErrors: { minTier: ["tierUnknown"] } });
}

function typeValues(input: Omit<TypeDetails, "id">) {
  return {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    durationMin: input.durationMin,
    bufferMin: input.bufferMin,
    noticeMin: input.noticeMin,
    minTier: input.minTier,
    needsRoom: input.needsRoom,
    dailyCap: input.dailyCap,
    sortOrder: input.sortOrder,
  };
}

export async function createAppointmentType(db: Db, actor: Actor, input: z.output<typeof createAppointmentTypeSchema>) {
  await assertKnownTier(db, input.minTier);
  const values = typeValues(input);
  const [created] = await db
    .insert(appointmentTypes)
    .values({ code: input.code, ...values })
    .onConflictDoNothing({ target: appointmentTypes.code })
    .returning({ id: appointmentTypes.id });
  if (!created) throw new AppError("conflict", { fieldErrors: { code: ["codeTaken"] } });
  await recordAudit(db, {
    ...byActor(actor),
    action: "appointment_type.create",
    entityType: "appointment_type",
    entityId: created.id,
    details: { code: input.code, ...values },
  });
  return { id: created.id };
}

/** Everything but the code; the audit entry keeps what each changed field was before. */
export async function updateAppointmentType(db: Db, actor: Actor, input: TypeDetails) {
  const [before] = await db.select().from(appointmentTypes).where(eq(appointmentTypes.id, input.id)).for("update");
  if (!before) throw new AppError("not_found");
  await assertKnownTier(db, input.minTier);
  const values = typeValues(input);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of Object.keys(values) as (keyof typeof values)[]) {
    if (before[field] !== values[field]) changes[field] = { from: before[field], to: values[field] };
  }
  if (Object.keys(changes).length === 0) return { id: input.id, changed: false };
  await db
    .update(appointmentTypes)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(appointmentTypes.id, input.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "appointment_type.update",
    entityType: "appointment_type",
    entityId: input.id,
    details: { code: before.code, changes },
  });
  return { id: input.id, changed: true };
}

/** A deactivated type stays on its appointments but can no longer be booked. */
export async function setAppointmentTypeActive(db: Db, actor: Actor, id: string, active: boolean) {
  const [row] = await db
    .update(appointmentTypes)
    .set({ active, updatedAt: new Date() })
    .where(and(eq(appointmentTypes.id, id), ne(appointmentTypes.active, active)))
    .returning({ code: appointmentTypes.code });
  if (!row) {
    // Unknown, or already in the asked state (a double click): only the first is an error.
    const [exists] = await db
      .select({ id: appointmentTypes.id })
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, id));
    if (!exists) throw new AppError("not_found");
    return { changed: false };
  }
  await recordAudit(db, {
    ...byActor(actor),
    action: active ? "appointment_type.activate" : "appointment_type.deactivate",
    entityType: "appointment_type",
    entityId: id,
    details: { code: row.code },
  });
  return { changed: true };
}

// ── Rooms ─────────────────────────────────────────────────────────────────────────────────────

/** The store a room belongs to, for the use case's scope check; an unknown room is not found. */
export async function storeOfRoom(db: Db, roomId: string): Promise<string> {
  const [row] = await db.select({ storeId: rooms.storeId }).from(rooms).where(eq(rooms.id, roomId));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

/** The store (its time zone) a setup write names; an unknown store is not found. */
export async function storeOrThrow(db: Db, storeId: string) {
  const [row] = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!row) throw new AppError("not_found");
  return row;
}

const roomNameTaken = () => new AppError("conflict", { fieldErrors: { name: ["roomNameTaken"] } });

export async function createRoom(db: Db, actor: Actor, input: z.output<typeof createRoomSchema>) {
  await storeOrThrow(db, input.storeId);
  const [created] = await db
    .insert(rooms)
    .values({ storeId: input.storeId, name: input.name, nameEn: input.nameEn || null })
    .onConflictDoNothing({ target: [rooms.storeId, rooms.name] })
    .returning({ id: rooms.id });
  if (!created) throw roomNameTaken();
  await recordAudit(db, {
    ...byActor(actor),
    action: "room.create",
    entityType: "room",
    entityId: created.id,
    storeId: input.storeId,
    details: { name: input.name, nameEn: input.nameEn || null },
  });
  return { id: created.id };
}

export async function renameRoom(db: Db, actor: Actor, input: z.output<typeof renameRoomSchema>) {
  const [before] = await db.select().from(rooms).where(eq(rooms.id, input.id)).for("update");
  if (!before) throw new AppError("not_found");
  const nameEn = input.nameEn || null;
  if (before.name === input.name && before.nameEn === nameEn) return { changed: false };
  if (before.name !== input.name) {
    const [taken] = await db
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(eq(rooms.storeId, before.storeId), eq(rooms.name, input.name), ne(rooms.id, input.id)));
    if (taken) throw roomNameTaken();
  }
  await db.update(rooms).set({ name: input.name, nameEn }).where(eq(rooms.id, input.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "room.update",
    entityType: "room",
    entityId: input.id,
    storeId: before.storeId,
    details: { from: { name: before.name, nameEn: before.nameEn }, to: { name: input.name, nameEn } },
  });
  return { changed: true };
}

/** A deactivated room stays on its appointments but is no longer offered. */
export async function setRoomActive(db: Db, actor: Actor, id: string, active: boolean) {
  const [row] = await db
    .update(rooms)
    .set({ active })
    .where(and(eq(rooms.id, id), ne(rooms.active, active)))
    .returning({ name: rooms.name, storeId: rooms.storeId });
  if (!row) {
    await storeOfRoom(db, id); // not found, or already so
    return { changed: false };
  }
  await recordAudit(db, {
    ...byActor(actor),
    action: active ? "room.activate" : "room.deactivate",
    entityType: "room",
    entityId: id,
    storeId: row.storeId,
    details: { name: row.name },
  });
  return { changed: true };
}

// ── Advisors' working hours ───────────────────────────────────────────────────────────────────

/** An active advisor of the store; anyone else is not found there (store scope was checked by the use case). */
export async function advisorOfStoreOrThrow(db: Db, storeId: string, staffId: string) {
  const advisor = await getStoreAdvisor(db, { kind: "all" }, storeId, staffId);
  if (!advisor) throw new AppError("not_found");
  return advisor;
}

/** The ranges of a week as compact text per day, for comparing and for the audit entry ("10:00-14:00,15:00-21:00"). */
function weekSummary(hours: BusinessHours): Record<string, string> {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      (hours[day] ?? [])
        .map((range) => `${range.open}-${range.close}`)
        .sort()
        .join(","),
    ]),
  );
}

/** Sets the advisor's weekly hours at the store (insert or replace: one row per advisor and store). */
export async function setAdvisorHours(db: Db, actor: Actor, input: z.output<typeof setAdvisorHoursSchema>) {
  await storeOrThrow(db, input.storeId);
  const advisor = await advisorOfStoreOrThrow(db, input.storeId, input.staffId);
  const [before] = await db
    .select({ hours: advisorHours.hours })
    .from(advisorHours)
    .where(and(eq(advisorHours.staffId, input.staffId), eq(advisorHours.storeId, input.storeId)))
    .for("update");
  const after = weekSummary(input.hours);
  // jsonb hands objects back in its own key order: compare day by day, not as JSON text.
  if (before && WEEKDAYS.every((day) => weekSummary(before.hours)[day] === after[day])) return { changed: false };
  const now = new Date();
  await db
    .insert(advisorHours)
    .values({ staffId: input.staffId, storeId: input.storeId, hours: input.hours, updatedBy: actor.staffId })
    .onConflictDoUpdate({
      target: [advisorHours.staffId, advisorHours.storeId],
      set: { hours: input.hours, updatedBy: actor.staffId, updatedAt: now },
    });
  await recordAudit(db, {
    ...byActor(actor),
    action: "advisor_hours.update",
    entityType: "staff",
    entityId: input.staffId,
    storeId: input.storeId,
    details: { advisor: advisor.username, from: before ? weekSummary(before.hours) : null, to: after },
  });
  return { changed: true };
}
