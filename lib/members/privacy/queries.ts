import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { listParams } from "@/lib/list-params";
import type { Db } from "@/db/client";
import { auditLog, members, staff, staffStores, stores } from "@/db/schema";
import { AUDIT_TIME_ZONE, auditDayParam, auditOrder, auditPeriodConditions } from "@/lib/audit/queries";
import { storeFilter, type StaffPrincipal, type StoreScope } from "@/lib/auth/policy";
import { maskName } from "../masking";
import { membersInScope } from "../scope";
import { CONTACT_FIELDS, type ContactField } from "./schemas";

export { AUDIT_TIME_ZONE as REVEAL_TIME_ZONE };

export const revealListParamsSchema = z.object({
  /** The staff member who revealed. */
  staff: z.uuid().optional().catch(undefined),
  /** One member's reveals (linked from the member's page). */
  member: z.uuid().optional().catch(undefined),
  from: auditDayParam,
  to: auditDayParam,
  sort: z.enum(["at"]).default("at").catch("at"),
  ...listParams({ dir: "desc" }),
});
export type RevealListParams = z.output<typeof revealListParamsSchema>;

export type RevealRow = {
  id: number;
  at: Date;
  staffId: string | null;
  staffLabel: string | null;
  staffName: string | null;
  memberId: string | null;
  /** Masked; null when the member is no longer in the reviewer's stores (or was merged away). */
  memberName: string | null;
  storeCode: string | null;
  fields: ContactField[];
  reason: string;
  ip: string | null;
};

/**
 * `member.reveal` entries of the audit log recorded at the reviewer's stores (a reveal is recorded
 * at the member's home store), newest first, one page at a time. The member is shown masked: the
 * reviewer sees who looked at whom and why, not the data itself.
 */
export async function listReveals(
  db: Db,
  reviewer: StaffPrincipal,
  scope: StoreScope,
  params: RevealListParams,
): Promise<{ rows: RevealRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eq(auditLog.action, "member.reveal"), storeFilter(auditLog.storeId, scope)];
  if (params.staff) conditions.push(eq(auditLog.actorStaffId, params.staff));
  if (params.member) conditions.push(eq(auditLog.entityId, params.member));
  conditions.push(...auditPeriodConditions(params));
  const where = and(...conditions);
  const order = auditOrder(params.dir);

  const [entries, [total]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        staffId: auditLog.actorStaffId,
        staffLabel: auditLog.actorLabel,
        staffName: staff.displayName,
        memberId: auditLog.entityId,
        storeCode: stores.code,
        ip: auditLog.ip,
        details: auditLog.details,
      })
      .from(auditLog)
      .leftJoin(staff, eq(staff.id, auditLog.actorStaffId))
      .leftJoin(stores, eq(stores.id, auditLog.storeId))
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ value: count() }).from(auditLog).where(where),
  ]);

  const memberIds = [
    ...new Set(entries.map((e) => e.memberId).filter((id): id is string => !!id && z.uuid().safeParse(id).success)),
  ];
  const names = memberIds.length
    ? await db
        .select({ id: members.id, name: members.name })
        .from(members)
        .where(and(inArray(members.id, memberIds), membersInScope(reviewer)))
    : [];
  const nameOf = new Map(names.map((m) => [m.id, maskName(m.name)]));

  const rows = entries.map((entry): RevealRow => {
    const details = (entry.details ?? {}) as { fields?: unknown; reason?: unknown };
    const fields = Array.isArray(details.fields)
      ? details.fields.filter((f): f is ContactField => (CONTACT_FIELDS as readonly string[]).includes(f as string))
      : [];
    return {
      id: entry.id,
      at: entry.at,
      staffId: entry.staffId,
      staffLabel: entry.staffLabel,
      staffName: entry.staffName,
      memberId: entry.memberId,
      memberName: entry.memberId ? (nameOf.get(entry.memberId) ?? null) : null,
      storeCode: entry.storeCode,
      fields,
      reason: typeof details.reason === "string" ? details.reason : "",
      ip: entry.ip,
    };
  });
  return { rows, total: total?.value ?? 0 };
}

/** Staff the reviewer can filter by: everyone working at one of the reviewer's stores (all staff for all stores). */
export async function listRevealStaffOptions(db: Db, scope: StoreScope): Promise<{ id: string; label: string }[]> {
  const rows =
    scope.kind === "all"
      ? await db
          .select({ id: staff.id, username: staff.username, displayName: staff.displayName })
          .from(staff)
          .orderBy(asc(staff.username))
      : await db
          .selectDistinct({ id: staff.id, username: staff.username, displayName: staff.displayName })
          .from(staff)
          .innerJoin(staffStores, eq(staffStores.staffId, staff.id))
          .where(storeFilter(staffStores.storeId, scope))
          .orderBy(asc(staff.username));
  return rows.map((r) => ({ id: r.id, label: `${r.displayName} (${r.username})` }));
}
