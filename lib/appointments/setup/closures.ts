import { and, asc, count, desc, eq, gt, lt, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { storeClosures } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { listParams } from "@/lib/list-params";
import { localDayBounds } from "@/lib/time";
import { storeLocalInstant, type addClosureSchema } from "./schemas";
import { storeOrThrow } from "./service";

/**
 * Store closures (holidays, events, stock-takes): their list and their writes, kept apart from
 * queries.ts and service.ts only for their length. Whole days are stored as the store-local
 * midnights around them, so availability only ever compares instants.
 */

// ── Reads ─────────────────────────────────────────────────────────────────────────────────────

export const closureListParamsSchema = z.object({
  store: z.uuid().optional().catch(undefined),
  when: z.enum(["upcoming", "past"]).default("upcoming").catch("upcoming"),
  ...listParams({ dir: "asc" }),
});
export type ClosureListParams = z.output<typeof closureListParamsSchema>;

export type ClosureRow = {
  id: string;
  storeId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdAt: Date;
};

const closureColumns = {
  id: storeClosures.id,
  storeId: storeClosures.storeId,
  startsAt: storeClosures.startsAt,
  endsAt: storeClosures.endsAt,
  reason: storeClosures.reason,
  createdAt: storeClosures.createdAt,
};

/** The store's closures: upcoming (not yet over, soonest first) or past (latest first). */
export async function listStoreClosures(
  db: Db,
  scope: StoreScope,
  storeId: string,
  params: ClosureListParams,
  now: Date = new Date(),
): Promise<{ rows: ClosureRow[]; total: number }> {
  const where = and(
    eq(storeClosures.storeId, storeId),
    storeFilter(storeClosures.storeId, scope),
    params.when === "upcoming" ? gt(storeClosures.endsAt, now) : lte(storeClosures.endsAt, now),
  );
  const order = params.when === "upcoming" ? asc(storeClosures.startsAt) : desc(storeClosures.startsAt);
  const [rows, [total]] = await Promise.all([
    db
      .select(closureColumns)
      .from(storeClosures)
      .where(where)
      .orderBy(order, asc(storeClosures.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(storeClosures).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** The store's closures overlapping [from, to): for availability. */
export async function listClosuresBetween(db: Db, storeId: string, from: Date, to: Date): Promise<ClosureRow[]> {
  return db
    .select(closureColumns)
    .from(storeClosures)
    .where(and(eq(storeClosures.storeId, storeId), lt(storeClosures.startsAt, to), gt(storeClosures.endsAt, from)))
    .orderBy(asc(storeClosures.startsAt));
}

// ── Writes ────────────────────────────────────────────────────────────────────────────────────

/** The store a closure belongs to, for the use case's scope check; an unknown closure is not found. */
export async function storeOfClosure(db: Db, closureId: string): Promise<string> {
  const [row] = await db
    .select({ storeId: storeClosures.storeId })
    .from(storeClosures)
    .where(eq(storeClosures.id, closureId));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

/** The instants a closure covers: whole store-local days from midnight to the midnight after the last, or a local range. */
export function closureInstants(
  input: Pick<z.output<typeof addClosureSchema>, "kind" | "day" | "lastDay" | "startsAt" | "endsAt">,
  timeZone: string,
): { startsAt: Date; endsAt: Date } | null {
  if (input.kind === "day") {
    const first = localDayBounds(input.day, timeZone);
    const last = localDayBounds(input.lastDay || input.day, timeZone);
    return first && last ? { startsAt: first.start, endsAt: last.end } : null;
  }
  return { startsAt: storeLocalInstant(input.startsAt, timeZone), endsAt: storeLocalInstant(input.endsAt, timeZone) };
}

export async function addClosure(db: Db, actor: Actor, input: z.output<typeof addClosureSchema>) {
  const store = await storeOrThrow(db, input.storeId);
  const instants = closureInstants(input, store.timeZone);
  if (!instants || instants.endsAt <= instants.startsAt)
    throw new AppError("validation", { fieldErrors: { [input.kind === "day" ? "day" : "endsAt"]: ["endAfterStart"] } });
  const [created] = await db
    .insert(storeClosures)
    .values({ storeId: input.storeId, ...instants, reason: input.reason, createdBy: actor.staffId })
    .returning({ id: storeClosures.id });
  await recordAudit(db, {
    ...byActor(actor),
    action: "store_closure.add",
    entityType: "store_closure",
    entityId: created!.id,
    storeId: input.storeId,
    details: { kind: input.kind, ...instants, reason: input.reason },
  });
  return { id: created!.id };
}

export async function deleteClosure(db: Db, actor: Actor, id: string) {
  const [row] = await db.delete(storeClosures).where(eq(storeClosures.id, id)).returning();
  if (!row) throw new AppError("not_found");
  await recordAudit(db, {
    ...byActor(actor),
    action: "store_closure.delete",
    entityType: "store_closure",
    entityId: row.id,
    storeId: row.storeId,
    details: { startsAt: row.startsAt, endsAt: row.endsAt, reason: row.reason },
  });
  return { id: row.id };
}
