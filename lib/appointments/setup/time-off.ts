import { addDays } from "date-fns";
import { and, asc, count, desc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { advisorTimeOff, staff } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams } from "@/lib/list-params";
import { advisorOf } from "./queries";
import { MAX_TIME_OFF_DAYS, storeLocalInstant, type addTimeOffSchema, type deleteTimeOffSchema } from "./schemas";
import { advisorOfStoreOrThrow, storeOrThrow } from "./service";

/**
 * Advisors' time off (leave, training): its list and its writes, kept apart from queries.ts and
 * service.ts only for their length. Time off belongs to the advisor, not a store; a store sees and
 * changes that of its own advisors, so every read and write names the store.
 */

// ── Reads ─────────────────────────────────────────────────────────────────────────────────────

export const timeOffListParamsSchema = z.object({
  store: z.uuid().optional().catch(undefined),
  when: z.enum(["upcoming", "past"]).default("upcoming").catch("upcoming"),
  advisor: z.uuid().optional().catch(undefined),
  ...listParams({ dir: "asc" }),
});
export type TimeOffListParams = z.output<typeof timeOffListParamsSchema>;

export type TimeOffRow = {
  id: string;
  staffId: string;
  advisorName: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdAt: Date;
};

/**
 * Time off of the store's advisors: upcoming (not yet over, soonest first) or past (latest first).
 * Time off belongs to the advisor, not the store, so a store sees that of its own advisors.
 */
export async function listStoreTimeOff(
  db: Db,
  scope: StoreScope,
  storeId: string,
  params: TimeOffListParams,
  now: Date = new Date(),
): Promise<{ rows: TimeOffRow[]; total: number }> {
  const where = and(
    advisorOf(storeId),
    storeFilter(sql`${storeId}::uuid`, scope),
    params.advisor ? eq(advisorTimeOff.staffId, params.advisor) : undefined,
    params.when === "upcoming" ? gt(advisorTimeOff.endsAt, now) : lte(advisorTimeOff.endsAt, now),
  );
  const order = params.when === "upcoming" ? [asc(advisorTimeOff.startsAt)] : [desc(advisorTimeOff.startsAt)];
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: advisorTimeOff.id,
        staffId: advisorTimeOff.staffId,
        advisorName: staff.displayName,
        startsAt: advisorTimeOff.startsAt,
        endsAt: advisorTimeOff.endsAt,
        reason: advisorTimeOff.reason,
        createdAt: advisorTimeOff.createdAt,
      })
      .from(advisorTimeOff)
      .innerJoin(staff, eq(staff.id, advisorTimeOff.staffId))
      .where(where)
      .orderBy(...order, asc(advisorTimeOff.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(advisorTimeOff)
      .innerJoin(staff, eq(staff.id, advisorTimeOff.staffId))
      .where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** The advisors' time off overlapping [from, to): for availability. */
export async function listTimeOffBetween(db: Db, staffIds: readonly string[], from: Date, to: Date) {
  if (staffIds.length === 0) return [];
  return db
    .select({
      id: advisorTimeOff.id,
      staffId: advisorTimeOff.staffId,
      startsAt: advisorTimeOff.startsAt,
      endsAt: advisorTimeOff.endsAt,
    })
    .from(advisorTimeOff)
    .where(
      and(
        inArray(advisorTimeOff.staffId, [...staffIds]),
        lt(advisorTimeOff.startsAt, to),
        gt(advisorTimeOff.endsAt, from),
      ),
    )
    .orderBy(asc(advisorTimeOff.startsAt));
}

// ── Writes ────────────────────────────────────────────────────────────────────────────────────

// Named in full: drizzle leaves columns unqualified in single-table selects, and inside the
// subquery "staff_id" would bind to staff_stores' own column.
const TIME_OFF_STAFF_ID = sql.raw(`"advisor_time_off"."staff_id"`);

export async function addTimeOff(db: Db, actor: Actor, input: z.output<typeof addTimeOffSchema>) {
  const store = await storeOrThrow(db, input.storeId);
  const advisor = await advisorOfStoreOrThrow(db, input.storeId, input.staffId);
  const startsAt = storeLocalInstant(input.startsAt, store.timeZone);
  const endsAt = storeLocalInstant(input.endsAt, store.timeZone);
  // The schema compared wall-clock times; a daylight-saving change can still fold them, so check the instants.
  if (endsAt <= startsAt) throw new AppError("validation", { fieldErrors: { endsAt: ["endAfterStart"] } });
  if (endsAt > addDays(startsAt, MAX_TIME_OFF_DAYS))
    throw new AppError("validation", { fieldErrors: { endsAt: ["timeOffTooLong"] } });
  const [created] = await db
    .insert(advisorTimeOff)
    .values({ staffId: input.staffId, startsAt, endsAt, reason: input.reason, createdBy: actor.staffId })
    .returning({ id: advisorTimeOff.id });
  // The reason stays out of the audit log: it may say something personal (sick leave).
  await recordAudit(db, {
    ...byActor(actor),
    action: "advisor_time_off.add",
    entityType: "staff",
    entityId: input.staffId,
    storeId: input.storeId,
    details: { timeOffId: created!.id, advisor: advisor.username, startsAt, endsAt },
  });
  return { id: created!.id };
}

/** Deletes time off of one of the store's advisors; any other is not found from this store. */
export async function deleteTimeOff(db: Db, actor: Actor, input: z.output<typeof deleteTimeOffSchema>) {
  const [row] = await db
    .select()
    .from(advisorTimeOff)
    .where(
      and(
        eq(advisorTimeOff.id, input.id),
        sql`exists (select 1 from staff_stores ss join staff_roles sr on sr.staff_id = ss.staff_id and sr.role = 'advisor' where ss.staff_id = ${TIME_OFF_STAFF_ID} and ss.store_id = ${input.storeId})`,
      ),
    )
    .for("update");
  if (!row) throw new AppError("not_found");
  await db.delete(advisorTimeOff).where(eq(advisorTimeOff.id, row.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "advisor_time_off.delete",
    entityType: "staff",
    entityId: row.staffId,
    storeId: input.storeId,
    details: { timeOffId: row.id, startsAt: row.startsAt, endsAt: row.endsAt },
  });
  return { id: row.id };
}
