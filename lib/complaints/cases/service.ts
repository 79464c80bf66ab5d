import { and, count, eq, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, complaintEvents, complaints, salesTransactions, serviceTickets, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { slaPolicyAt, slaTargetsFor } from "@/lib/complaints/sla/policy";
import { AppError } from "@/lib/errors";
import { writableMember } from "@/lib/members/scope";
import { formatIn, isBusinessDay, localDate } from "@/lib/time";
import type { ComplaintEventKind, ComplaintStatus, LogComplaintValues } from "./schemas";
import { calendarFor, dueTime } from "./sla";

/**
 * Complaint intake and the pieces every write on a complaint shares (docs/domain.md#intake-work-and-escalation):
 * loading a complaint in the staff member's stores (another store's complaint is not found), the
 * timeline event and the audit entry. The status changes are in transitions.ts.
 */

export type ComplaintRow = typeof complaints.$inferSelect;

/** The complaint, locked when asked, if its store is one of the staff member's; else not found. */
export async function loadComplaintInScope(
  db: Db,
  staff: StaffPrincipal,
  complaintId: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ complaint: ComplaintRow; timeZone: string }> {
  const query = db
    .select({ complaint: complaints, timeZone: stores.timeZone })
    .from(complaints)
    .innerJoin(stores, eq(stores.id, complaints.storeId))
    .where(and(eq(complaints.id, complaintId), storeFilter(complaints.storeId, storeScopeOf(staff))));
  const [row] = options.forUpdate ? await query.for("update", { of: complaints }) : await query;
  if (!row) throw new AppError("not_found");
  return row;
}

/** The store of a complaint in the staff member's stores (a use case's scope); else not found. */
export async function complaintStoreInScope(db: Db, staff: StaffPrincipal, complaintId: string): Promise<string> {
  const [row] = await db
    .select({ storeId: complaints.storeId })
    .from(complaints)
    .where(and(eq(complaints.id, complaintId), storeFilter(complaints.storeId, storeScopeOf(staff))));
  if (!row) throw new AppError("not_found");
  return row.storeId;
}

export type ComplaintEventInput = {
  kind: ComplaintEventKind;
  body?: string;
  channel?: string | null;
  outcome?: string | null;
  fromStatus?: ComplaintStatus | null;
  toStatus?: ComplaintStatus | null;
  at?: Date;
};

/** Appends one row to the complaint's timeline; `actor` null = the system (the escalation job). */
export async function recordComplaintEvent(
  db: Db,
  complaintId: string,
  actor: Pick<Actor, "staffId" | "username"> | null,
  event: ComplaintEventInput,
): Promise<number> {
  const [row] = await db
    .insert(complaintEvents)
    .values({
      complaintId,
      kind: event.kind,
      body: event.body ?? "",
      channel: event.channel ?? null,
      outcome: event.outcome ?? null,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      actorStaffId: actor?.staffId ?? null,
      actorLabel: actor?.username ?? "system",
      ...(event.at ? { at: event.at } : {}),
    })
    .returning({ id: complaintEvents.id });
  return row!.id;
}

/** The complaint's audit entry: ids and statuses only, never the customer's words or contact. */
export async function auditComplaint(
  db: Db,
  actor: Actor,
  action: string,
  complaint: Pick<ComplaintRow, "id" | "storeId">,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(db, {
    ...byActor(actor),
    action,
    entityType: "complaint",
    entityId: complaint.id,
    storeId: complaint.storeId,
    details,
  });
}

// ── Intake ────────────────────────────────────────────────────────────────────────────────────

/**
 * The next reference of a store-local day, TS-YYYYMMDD-NNNN: the day's count + 1, under an advisory
 * lock on the day so that two intakes cannot take the same number (the unique index on reference
 * is the backstop). The sequence is shared by all stores: the reference is unique company-wide.
 */
export async function nextComplaintReference(db: Db, day: string): Promise<string> {
  const compact = day.replaceAll("-", "");
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`atrium.complaint-reference:${compact}`}))`);
  const prefix = `TS-${compact}-`;
  const [row] = await db
    .select({ value: count() })
    .from(complaints)
    .where(like(complaints.reference, `${prefix}%`));
  return `${prefix}${String((row?.value ?? 0) + 1).padStart(4, "0")}`;
}

function fieldError(field: string, key: string): AppError {
  return new AppError("validation", { fieldErrors: { [field]: [key] } });
}

export type LoggedComplaint = {
  complaintId: string;
  reference: string;
  storeId: string;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
};

/**
 * Logs a complaint: a member of the staff member's stores or an unidentified customer (name and
 * contact), its related purchase and visit only that member's, received not in the future and on a
 * business date. The SLA targets come from the policy in force by severity and are copied onto the
 * row; the due times are counted on the store's business calendar.
 */
export async function logComplaint(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: LogComplaintValues,
  now: Date = new Date(),
): Promise<LoggedComplaint> {
  const [store] = await db
    .select({ id: stores.id, timeZone: stores.timeZone, active: stores.active })
    .from(stores)
    .where(and(eq(stores.id, input.storeId), storeFilter(stores.id, storeScopeOf(staff))));
  if (!store) throw new AppError("not_found");
  if (!store.active) throw fieldError("storeId", "storeInactive");

  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime()) throw fieldError("receivedAt", "receivedAtFuture");
  if (!isBusinessDay(localDate(receivedAt, store.timeZone))) throw fieldError("receivedAt", "receivedAtInvalid");

  let memberId: string | null = null;
  if (input.memberId) {
    memberId = (await writableMember(db, staff, input.memberId)).id;
    if (input.relatedTransactionId) {
      const [purchase] = await db
        .select({ id: salesTransactions.id })
        .from(salesTransactions)
        .where(and(eq(salesTransactions.id, input.relatedTransactionId), eq(salesTransactions.memberId, memberId)));
      if (!purchase) throw fieldError("relatedTransactionId", "relatedNotMembers");
    }
    if (input.relatedAppointmentId) {
      const [visit] = await db
        .select({ id: appointments.id })
        .from(appointments)
        .where(and(eq(appointments.id, input.relatedAppointmentId), eq(appointments.memberId, memberId)));
      if (!visit) throw fieldError("relatedAppointmentId", "relatedNotMembers");
    }
    if (input.relatedTicketId) {
      const [ticket] = await db
        .select({ id: serviceTickets.id })
        .from(serviceTickets)
        .where(and(eq(serviceTickets.id, input.relatedTicketId), eq(serviceTickets.memberId, memberId)));
      if (!ticket) throw fieldError("relatedTicketId", "relatedNotMembers");
    }
  }

  const policy = await slaPolicyAt(db, now);
  const targets = slaTargetsFor(policy, input.severity);
  const calendar = await calendarFor(db, store.id, receivedAt, now);
  const firstResponseDueAt = dueTime(calendar, receivedAt, targets.firstResponseMinutes, []);
  const resolutionDueAt = dueTime(calendar, receivedAt, targets.resolutionMinutes, []);
  if (!firstResponseDueAt || !resolutionDueAt)
    throw new AppError("internal", { detail: "No due time without pauses." });

  const reference = await nextComplaintReference(db, formatIn(receivedAt, "yyyy-MM-dd", store.timeZone));
  const regulator = input.channel === "regulator_12315";
  const [row] = await db
    .insert(complaints)
    .values({
      reference,
      storeId: store.id,
      memberId,
      customerName: memberId ? null : (input.customerName ?? null),
      customerContact: memberId ? null : (input.customerContact ?? null),
      channel: input.channel,
      category: input.category,
      severity: input.severity,
      status: "new",
      description: input.description,
      relatedTransactionId: memberId ? (input.relatedTransactionId ?? null) : null,
      relatedAppointmentId: memberId ? (input.relatedAppointmentId ?? null) : null,
      relatedTicketId: memberId ? (input.relatedTicketId ?? null) : null,
      relatedTicketRef: input.relatedTicketRef ?? null,
      receivedAt,
      firstResponseTargetMin: targets.firstResponseMinutes,
      resolutionTargetMin: targets.resolutionMinutes,
      firstResponseDueAt,
      resolutionDueAt,
      regulatorReferral: regulator,
      regulatorDeadline: regulator ? (input.regulatorDeadline ?? null) : null,
      createdBy: actor.staffId,
    })
    .returning({ id: complaints.id });
  const complaintId = row!.id;
  await recordComplaintEvent(db, complaintId, actor, { kind: "created", toStatus: "new" });
  await auditComplaint(
    db,
    actor,
    "complaint.create",
    { id: complaintId, storeId: store.id },
    {
      reference,
      channel: input.channel,
      category: input.category,
      severity: input.severity,
      memberId,
      receivedAt: receivedAt.toISOString(),
    },
  );
  return { complaintId, reference, storeId: store.id, firstResponseDueAt, resolutionDueAt };
}
