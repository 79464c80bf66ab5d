import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintPauses, complaints, staff as staffTable } from "@/db/schema";
import type { Actor } from "@/lib/audit/service";
import { ROLE_PERMISSIONS, type Role, type StaffPrincipal } from "@/lib/auth/policy";
import { sendSatisfactionSurvey } from "@/lib/complaints/follow-up/survey";
import { AppError } from "@/lib/errors";
import {
  TRANSITIONS,
  transitionAllowed,
  type AssignComplaintInput,
  type ComplaintStatus,
  type ComplaintTransition,
  type ContactChannel,
  type ContactOutcome,
  type ResolveComplaintValues,
} from "./schemas";
import { auditComplaint, loadComplaintInScope, recordComplaintEvent, type ComplaintRow } from "./service";
import { calendarFor, dueTime, slaPauses } from "./sla";

/**
 * Working a complaint (docs/domain.md#intake-work-and-escalation): assignment, notes, contact
 * attempts and the status changes. Each locks the complaint row (two clicks run one after the
 * other and the second finds the new status), checks the transition (anything else is a
 * conflict), and writes the timeline event, the audit entry and updated_at. The first contact or
 * the acknowledgement stamps first_responded_at, which stops the first-response clock.
 */

export type ComplaintChangeResult = { complaintId: string; storeId: string; status: ComplaintStatus };

/** The roles whose holders may work complaints (complaints.handle), from the policy. */
export const HANDLER_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) =>
  ROLE_PERMISSIONS[role].includes("complaints.handle"),
);

function wrongStatus(status: ComplaintStatus): AppError {
  return new AppError("conflict", {
    messageKey: "complaintWrongStatus",
    detail: `The complaint is ${status}; this change does not apply.`,
    details: { status },
  });
}

async function touch(db: Db, complaintId: string, now: Date, set: Partial<typeof complaints.$inferInsert> = {}) {
  await db
    .update(complaints)
    .set({ ...set, updatedAt: now })
    .where(eq(complaints.id, complaintId));
}

/**
 * A status change: locks the complaint, checks where `transition` may start from, sets the status
 * (and `set`), writes the 'status' event (or `eventKind`) and the audit entry.
 */
async function changeStatus(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  complaintId: string,
  transition: ComplaintTransition,
  now: Date,
  options: {
    set?: (complaint: ComplaintRow) => Partial<typeof complaints.$inferInsert>;
    eventKind?: "status" | "paused" | "resumed" | "reopened";
    body?: string;
    auditDetails?: Record<string, unknown>;
    before?: (complaint: ComplaintRow) => Promise<Partial<typeof complaints.$inferInsert> | void>;
  } = {},
): Promise<{ complaint: ComplaintRow; result: ComplaintChangeResult }> {
  const { complaint } = await loadComplaintInScope(db, staff, complaintId, { forUpdate: true });
  if (!transitionAllowed(transition, complaint.status)) throw wrongStatus(complaint.status);
  const to = TRANSITIONS[transition].to;
  const extra = (await options.before?.(complaint)) ?? {};
  await touch(db, complaint.id, now, { status: to, ...options.set?.(complaint), ...extra });
  await recordComplaintEvent(db, complaint.id, actor, {
    kind: options.eventKind ?? "status",
    body: options.body,
    fromStatus: complaint.status,
    toStatus: to,
    at: now,
  });
  await auditComplaint(db, actor, `complaint.${transition}`, complaint, {
    from: complaint.status,
    to,
    ...options.auditDetails,
  });
  return { complaint, result: { complaintId: complaint.id, storeId: complaint.storeId, status: to } };
}

/** new → acknowledged; the acknowledgement is a first response when none was logged yet. */
export async function acknowledgeComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  complaintId: string,
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staff, complaintId, "acknowledge", now, {
    set: (complaint) => (complaint.firstRespondedAt ? {} : { firstRespondedAt: now }),
  });
  return result;
}

/** acknowledged → investigating. */
export async function startInvestigation(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  complaintId: string,
  now: Date = new Date(),
) {
  return (await changeStatus(db, actor, staff, complaintId, "investigate", now)).result;
}

/** investigating → waiting on the customer: a pause starts, the resolution clock stops. */
export async function pauseComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; reason: string },
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staff, input.complaintId, "pause", now, {
    eventKind: "paused",
    body: input.reason,
    before: async (complaint) => {
      await db
        .insert(complaintPauses)
        .values({ complaintId: complaint.id, startedAt: now, reason: input.reason, createdBy: actor.staffId });
    },
  });
  return result;
}

/**
 * The resolution due time counted again with every pause of the complaint (the open ones ended by
 * the caller first): the time waiting on the customer moves it later by that many business minutes.
 */
async function recomputeResolutionDue(db: Db, complaint: ComplaintRow, now: Date): Promise<Date> {
  const pauses = await db
    .select({ startedAt: complaintPauses.startedAt, endedAt: complaintPauses.endedAt })
    .from(complaintPauses)
    .where(eq(complaintPauses.complaintId, complaint.id))
    .orderBy(asc(complaintPauses.startedAt));
  const calendar = await calendarFor(db, complaint.storeId, complaint.receivedAt, now);
  return (
    dueTime(calendar, complaint.receivedAt, complaint.resolutionTargetMin, slaPauses(pauses)) ??
    complaint.resolutionDueAt
  );
}

/** waiting on the customer → investigating: the pause ends and the resolution due time moves by the paused business time. */
export async function resumeComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; note?: string },
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staff, input.complaintId, "resume", now, {
    eventKind: "resumed",
    body: input.note,
    before: async (complaint) => {
      await db
        .update(complaintPauses)
        .set({ endedAt: now })
        .where(and(eq(complaintPauses.complaintId, complaint.id), isNull(complaintPauses.endedAt)));
      return { resolutionDueAt: await recomputeResolutionDue(db, complaint, now) };
    },
  });
  return result;
}

/**
 * investigating → resolved, with the root cause and the action taken. The resolution section
 * (lib/complaints/resolution) may call this inside its own write and add to it.
 */
export async function resolveComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: ResolveComplaintValues,
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staff, input.complaintId, "resolve", now, {
    set: () => ({ resolvedAt: now, rootCause: input.rootCause, actionTaken: input.actionTaken }),
  });
  return result;
}

/** resolved → closed; a member's complaint gets the satisfaction survey (once, docs/domain.md#satisfaction-survey). */
export async function closeComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  complaintId: string,
  now: Date = new Date(),
) {
  const { complaint, result } = await changeStatus(db, actor, staff, complaintId, "close", now, {
    set: () => ({ closedAt: now }),
  });
  await sendSatisfactionSurvey(db, complaint, now);
  return result;
}

/**
 * resolved or closed → investigating, with a reason. The time it stood resolved is recorded as a
 * pause (reason "reopened: …"): the resolution clock did not run while the complaint was thought
 * resolved, and goes on from where it stopped. Warnings and escalations already made stay made.
 */
export async function reopenComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; reason: string },
  now: Date = new Date(),
) {
  const { result } = await changeStatus(db, actor, staff, input.complaintId, "reopen", now, {
    eventKind: "reopened",
    body: input.reason,
    auditDetails: { reason: input.reason },
    before: async (complaint) => {
      if (complaint.resolvedAt && complaint.resolvedAt.getTime() < now.getTime()) {
        await db.insert(complaintPauses).values({
          complaintId: complaint.id,
          startedAt: complaint.resolvedAt,
          endedAt: now,
          reason: `reopened: ${input.reason}`,
          createdBy: actor.staffId,
        });
      }
      return { resolvedAt: null, closedAt: null, resolutionDueAt: await recomputeResolutionDue(db, complaint, now) };
    },
  });
  return result;
}

// ── Assignment, notes, contacts ───────────────────────────────────────────────────────────────

/** Whether a staff member (active) may work complaints at the store: a handler role and the store among theirs. */
async function handlerOfStore(db: Db, staffId: string, storeId: string) {
  const [row] = await db
    .select({ id: staffTable.id, displayName: staffTable.displayName })
    .from(staffTable)
    .where(
      and(
        eq(staffTable.id, staffId),
        eq(staffTable.active, true),
        sql`exists (select 1 from staff_roles sr where sr.staff_id = ${staffTable.id} and sr.role in (${sql.join(
          HANDLER_ROLES.map((role) => sql`${role}`),
          sql`, `,
        )}))`,
        or(
          eq(staffTable.allStores, true),
          sql`exists (select 1 from staff_stores ss where ss.staff_id = ${staffTable.id} and ss.store_id = ${storeId})`,
        ),
      ),
    );
  return row ?? null;
}

/**
 * Gives the complaint to a handler of its store. A manager may (re)assign any complaint; the
 * current assignee may hand theirs on; an unassigned complaint may be taken by a handler for
 * themselves. A closed complaint is not reassigned.
 */
export async function assignComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: AssignComplaintInput,
  now: Date = new Date(),
) {
  const { complaint } = await loadComplaintInScope(db, staff, input.complaintId, { forUpdate: true });
  if (complaint.status === "closed") throw wrongStatus(complaint.status);
  const isManager = staff.roles.includes("manager");
  const isAssignee = complaint.assigneeId === staff.id;
  const takesUnassigned = complaint.assigneeId === null && input.assigneeId === staff.id;
  if (!isManager && !isAssignee && !takesUnassigned) {
    throw new AppError("forbidden", { messageKey: "complaintAssignForbidden" });
  }
  if (complaint.assigneeId === input.assigneeId) {
    throw new AppError("validation", { fieldErrors: { assigneeId: ["assigneeUnchanged"] } });
  }
  const assignee = await handlerOfStore(db, input.assigneeId, complaint.storeId);
  if (!assignee) throw new AppError("validation", { fieldErrors: { assigneeId: ["assigneeNotHandler"] } });
  await touch(db, complaint.id, now, { assigneeId: assignee.id });
  await recordComplaintEvent(db, complaint.id, actor, { kind: "assigned", body: assignee.displayName, at: now });
  await auditComplaint(db, actor, "complaint.assign", complaint, { from: complaint.assigneeId, to: assignee.id });
  return { complaintId: complaint.id, storeId: complaint.storeId, assigneeId: assignee.id };
}

/** An internal note: on the timeline, marked internal, never shown to the customer. */
export async function addComplaintNote(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; body: string },
  now: Date = new Date(),
) {
  const { complaint } = await loadComplaintInScope(db, staff, input.complaintId, { forUpdate: true });
  await touch(db, complaint.id, now);
  const eventId = await recordComplaintEvent(db, complaint.id, actor, { kind: "note", body: input.body, at: now });
  await auditComplaint(db, actor, "complaint.note", complaint, { eventId });
  return { complaintId: complaint.id, storeId: complaint.storeId, eventId };
}

/** A contact attempt with the customer; the first one stamps first_responded_at (even when nobody answered: the store reached out). */
export async function logContactAttempt(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: { complaintId: string; channel: ContactChannel; outcome: ContactOutcome; note?: string },
  now: Date = new Date(),
) {
  const { complaint } = await loadComplaintInScope(db, staff, input.complaintId, { forUpdate: true });
  if (complaint.status === "closed") throw wrongStatus(complaint.status);
  const firstResponse = complaint.firstRespondedAt === null;
  await touch(db, complaint.id, now, firstResponse ? { firstRespondedAt: now } : {});
  const eventId = await recordComplaintEvent(db, complaint.id, actor, {
    kind: "contact",
    channel: input.channel,
    outcome: input.outcome,
    body: input.note,
    at: now,
  });
  await auditComplaint(db, actor, "complaint.contact", complaint, {
    eventId,
    channel: input.channel,
    outcome: input.outcome,
    firstResponse,
  });
  return { complaintId: complaint.id, storeId: complaint.storeId, eventId, firstResponse };
}
