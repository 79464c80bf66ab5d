import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export type AuditEntry = {
  action: string;
  actorStaffId?: string | null;
  actorLabel?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  storeId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
};

/** Who is acting, as business functions need it for authorization and the audit log. */
export type Actor = {
  staffId: string;
  username: string;
  ip: string | null;
};

/** Appends one entry to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    actorStaffId: entry.actorStaffId ?? null,
    actorLabel: entry.actorLabel ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    storeId: entry.storeId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? null,
  });
}

/** The audit entry fields that identify the actor. */
export function byActor(actor: Actor): Pick<AuditEntry, "actorStaffId" | "actorLabel" | "ip"> {
  return { actorStaffId: actor.staffId, actorLabel: actor.username, ip: actor.ip };
}
