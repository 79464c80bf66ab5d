import { and, asc, count, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { listParams, listText } from "@/lib/list-params";
import { containsPattern } from "@/lib/sql-like";
import { DEFAULT_TIME_ZONE, isBusinessDay, localDayBounds } from "@/lib/time";
import { rowsOf, type Db } from "@/db/client";
import { auditLog, stores } from "@/db/schema";
import { storeFilter, type StoreScope } from "@/lib/auth/policy";

/** The actions the portal writes today; the filter also offers any other action found in the log. */
export const KNOWN_AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_locked",
  "auth.sign_out",
  "staff.create",
  "staff.update",
  "staff.deactivate",
  "staff.reactivate",
  "staff.reset_password",
  "staff.change_password",
  "staff.change_password_failed",
  "store.create",
  "store.update",
  "member.create",
  "member.update",
  "member.profile.update",
  "member.note.add",
  "member.tags.set",
  "member.consent.change",
  "member.important_date.add",
  "member.important_date.remove",
  "member.wishlist.add",
  "member.wishlist.remove",
  "member.reveal",
  "member.merge",
  "member.erase",
  "member.export",
  "member.import",
  "member.card.issue",
  "members.statement",
  "loyalty.adjustment",
  "loyalty.adjustment_request",
  "loyalty.adjustment_approve",
  "loyalty.adjustment_reject",
  "loyalty.redeem",
  "loyalty.tier_grant",
  "stored_value.issue",
  "stored_value.top_up",
  "stored_value.freeze",
  "stored_value.unfreeze",
  "stored_value.reissue",
  "stored_value.refund_principal",
  "stored_value.bonus_request",
  "stored_value.bonus_approve",
  "stored_value.bonus_reject",
  "gifts.create",
  "gifts.update",
  "gifts.restock",
  "gifts.activate",
  "gifts.deactivate",
  "settings.save",
  "apikey.create",
  "apikey.revoke",
  "reports.liability_export",
  "job.run",
  "appointment_type.create",
  "appointment_type.update",
  "appointment_type.activate",
  "appointment_type.deactivate",
  "room.create",
  "room.update",
  "advisor_hours.update",
  "advisor_time_off.add",
  "advisor_time_off.delete",
  "store_closure.add",
  "store_closure.delete",
  "appointment.book",
  "appointment.confirm",
  "appointment.check_in",
  "appointment.complete",
  "appointment.no_show",
  "appointment.cancel",
  "appointment.reschedule",
  "appointment.pick.add",
  "appointment.pick.remove",
  "appointment.purchase.link",
  "appointment.purchase.unlink",
  "appointment.confirmation_pdf",
  "appointment.confirmation_ics",
  "clienteling.task.complete",
  "clienteling.task.skip",
  "clienteling.task.assign",
  "member.contact.log",
  "events.create",
  "events.update",
  "events.open",
  "events.close",
  "events.cancel",
  "events.invite",
  "events.rsvp",
  "events.check_in",
  "events.check_in_undo",
  "complaint.create",
  "complaint.assign",
  "complaint.note",
  "complaint.contact",
  "complaint.acknowledge",
  "complaint.investigate",
  "complaint.pause",
  "complaint.resume",
  "complaint.resolve",
  "complaint.close",
  "complaint.reopen",
  "complaint.compensation_grant",
  "complaint.compensation_request",
  "complaint.compensation_approve",
  "complaint.compensation_reject",
  "complaint.regulator_referral",
  "complaint.budget_set",
  "complaint.survey_answer",
  "inquiry.create",
  "inquiry.answer",
  "inquiry.convert",
] as const;

export const AUDIT_ENTITY_TYPES = [
  "staff",
  "store",
  "member",
  "stored_value_card",
  "gift",
  "setting",
  "api_key",
  "report",
  "job",
  "appointment",
  "appointment_type",
  "room",
  "store_closure",
  "clienteling_task",
  "vip_event",
  "complaint",
  "inquiry",
] as const;

/** The audit log's days are head-office days: a `from`/`to` date covers that whole day in this zone. */
export const AUDIT_TIME_ZONE = DEFAULT_TIME_ZONE;

/**
 * The instants bounding the whole of `day` ("yyyy-MM-dd") in the audit time zone: its midnight and
 * the next day's midnight (exclusive). Null for anything that is not a real calendar day.
 */
export function auditDayBounds(day: string): { start: Date; end: Date } | null {
  return localDayBounds(day, AUDIT_TIME_ZONE);
}

/** A `YYYY-MM-DD` day filter in the audit time zone, within the business's dates (lib/time.ts); anything else is ignored. */
export const auditDayParam = z
  .string()
  .refine((day) => isBusinessDay(day) && auditDayBounds(day) !== null)
  .optional()
  .catch(undefined);

export const auditListParamsSchema = z.object({
  /** Part of the actor's username (as recorded at the time). */
  actor: listText(64),
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/)
    .optional()
    .catch(undefined),
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .optional()
    .catch(undefined),
  entityId: listText(64),
  from: auditDayParam,
  to: auditDayParam,
  sort: z.enum(["at"]).default("at").catch("at"),
  ...listParams({ dir: "desc" }),
});
export type AuditListParams = z.output<typeof auditListParamsSchema>;

export type AuditListRow = {
  id: number;
  at: Date;
  actorStaffId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  storeId: string | null;
  storeCode: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
};

/**
 * Entries visible in `scope`: those recorded at one of its stores (the store the entity belongs to),
 * whoever the actor. Not by the actor's stores: staff may work at several, and a manager of one must
 * not read what happened at another. Entries with no store (sign-ins, staff accounts, settings) are
 * for all-stores readers only. docs/domain.md#audit-log
 */
function auditInScope(scope: StoreScope): SQL {
  return storeFilter(auditLog.storeId, scope);
}

/** Entries from the start of day `from` to the end of day `to` (whole days in the audit time zone). */
export function auditPeriodConditions(params: { from?: string; to?: string }): SQL[] {
  const conditions: SQL[] = [];
  const from = params.from ? auditDayBounds(params.from) : null;
  const to = params.to ? auditDayBounds(params.to) : null;
  if (from) conditions.push(gte(auditLog.at, from.start));
  if (to) conditions.push(lt(auditLog.at, to.end));
  return conditions;
}

/** Time order, with the id breaking ties so that pages never overlap. */
export function auditOrder(dir: "asc" | "desc") {
  return dir === "asc" ? [asc(auditLog.at), asc(auditLog.id)] : [desc(auditLog.at), desc(auditLog.id)];
}

export async function listAuditEntries(
  db: Db,
  scope: StoreScope,
  params: AuditListParams,
): Promise<{ rows: AuditListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [auditInScope(scope)];
  if (params.actor) {
    const like = containsPattern(params.actor);
    conditions.push(ilike(auditLog.actorLabel, like));
  }
  if (params.action) conditions.push(eq(auditLog.action, params.action));
  if (params.entityType) conditions.push(eq(auditLog.entityType, params.entityType));
  if (params.entityId) conditions.push(eq(auditLog.entityId, params.entityId));
  conditions.push(...auditPeriodConditions(params));
  const where = and(...conditions);
  const order = auditOrder(params.dir);

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorStaffId: auditLog.actorStaffId,
        actorLabel: auditLog.actorLabel,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        storeId: auditLog.storeId,
        storeCode: stores.code,
        ip: auditLog.ip,
        details: auditLog.details,
      })
      .from(auditLog)
      .leftJoin(stores, eq(stores.id, auditLog.storeId))
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/**
 * Every distinct action of the entries visible in `scope` (in the database's collation order). For
 * all-stores readers a loose index scan over the (action, at) index: one index probe per distinct
 * action, however long the log grows. For a store-scoped reader, the distinct actions of their
 * stores' entries (the (store_id, at) index): the cost grows with those stores' entries only.
 */
export async function listAuditActions(db: Db, scope: StoreScope): Promise<string[]> {
  if (scope.kind !== "all") {
    const rows = await db
      .selectDistinct({ action: auditLog.action })
      .from(auditLog)
      .where(auditInScope(scope))
      .orderBy(asc(auditLog.action));
    return rows.map((row) => row.action);
  }
  const result = await db.execute(sql`
    with recursive actions(action) as (
      (select ${auditLog.action} from ${auditLog} order by ${auditLog.action} limit 1)
      union all
      select (select a.action from ${auditLog} a where a.action > actions.action order by a.action limit 1)
      from actions
      where actions.action is not null
    )
    select action from actions where action is not null
  `);
  return rowsOf<{ action: string }>(result).map((row) => row.action);
}
