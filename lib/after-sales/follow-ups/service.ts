import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaints, followUpCallAttempts, followUpCalls, members, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { logComplaint } from "@/lib/complaints/cases/service";
import { AppError } from "@/lib/errors";
import { todayIn } from "@/lib/time";
import { nextOpenDay } from "./dates";
import { MAX_CALL_ATTEMPTS, opensComplaint, type FollowUpStatus, type LogFollowUpCallValues } from "./schemas";

/**
 * Logging a follow-up call (回访, docs/domain.md#jewelry-after-sales). The call's row is locked
 * first (`select … for update`), so two staff logging the same call at the same moment run one
 * after the other: the second sees the first's attempt (no double-counted attempts, no second
 * complaint) or a call already closed.
 */

export type LogFollowUpCallResult = {
  callId: string;
  status: FollowUpStatus;
  attempts: number;
  /** The store-local day the call is due now (moved to the next business day after a no-answer). */
  dueOn: string;
  /** The complaint a low score opened, once per call. */
  complaintId: string | null;
  complaintReference: string | null;
};

/** The call, locked, if its store is one of the staff member's; else not found. */
async function lockCallInScope(db: Db, staff: StaffPrincipal, callId: string) {
  const [row] = await db
    .select({
      call: followUpCalls,
      timeZone: stores.timeZone,
      businessHours: stores.businessHours,
      memberHomeStoreId: members.homeStoreId,
      memberErasedAt: members.erasedAt,
    })
    .from(followUpCalls)
    .innerJoin(stores, eq(stores.id, followUpCalls.storeId))
    .innerJoin(members, eq(members.id, followUpCalls.memberId))
    .where(and(eq(followUpCalls.id, callId), storeFilter(followUpCalls.storeId, storeScopeOf(staff))))
    .for("update", { of: followUpCalls });
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * Logs one attempt at a call: reached closes it as done with the satisfaction (1–2 opens an
 * after-sales complaint through complaint intake, linked to the ticket); no answer keeps it open,
 * due again the store's next business day, until the MAX_CALL_ATTEMPTS-th makes it unreachable; a
 * wrong number closes it as unreachable at once, flagged by that attempt's outcome (the member's
 * phone needs correcting). Every attempt is kept (append-only) and audited without the comments.
 */
export async function logFollowUpCall(
  db: Db,
  actor: Actor,
  staff: StaffPrincipal,
  input: LogFollowUpCallValues,
  now: Date = new Date(),
): Promise<LogFollowUpCallResult> {
  const { call, timeZone, businessHours, memberHomeStoreId, memberErasedAt } = await lockCallInScope(
    db,
    staff,
    input.callId,
  );
  if (call.status !== "open") throw new AppError("conflict", { messageKey: "followUpCallClosed" });
  // An anonymised member has no phone to call, and a complaint could not name them.
  if (memberErasedAt) throw new AppError("conflict", { messageKey: "memberErased" });

  const attempts = call.attempts + 1;
  let status: FollowUpStatus = "open";
  let dueOn = call.dueOn;
  switch (input.outcome) {
    case "reached":
      status = "done";
      break;
    case "wrong_number":
      status = "unreachable";
      break;
    case "no_answer":
      if (attempts >= MAX_CALL_ATTEMPTS) status = "unreachable";
      else dueOn = nextOpenDay(todayIn(timeZone, now), businessHours);
      break;
  }
  const satisfaction = input.outcome === "reached" ? (input.satisfaction ?? null) : null;

  await db.insert(followUpCallAttempts).values({
    callId: call.id,
    outcome: input.outcome,
    satisfaction,
    comments: input.comments ?? null,
    staffId: actor.staffId,
    at: now,
  });

  let complaint: { complaintId: string; reference: string } | null = null;
  if (opensComplaint(input.outcome, satisfaction) && !call.complaintId) {
    // Complaint intake checks that the member is one of the caller's stores' (by home store); the
    // member here is the call's own, not a choice of the caller, so their home store is allowed
    // for this intake. The complaint itself is at the call's store, which is in scope.
    const intakeStaff: StaffPrincipal = { ...staff, storeIds: [...staff.storeIds, memberHomeStoreId] };
    const logged = await logComplaint(
      db,
      actor,
      intakeStaff,
      {
        storeId: call.storeId,
        channel: "hotline",
        category: "after_sales",
        severity: "medium",
        memberId: call.memberId,
        customerName: undefined,
        customerContact: undefined,
        relatedTransactionId: undefined,
        relatedAppointmentId: undefined,
        relatedTicketId: call.ticketId ?? undefined,
        relatedTicketRef: undefined,
        // The schema requires comments with a low score.
        description: input.comments!,
        receivedAt: undefined,
        regulatorDeadline: undefined,
      },
      now,
    );
    complaint = { complaintId: logged.complaintId, reference: logged.reference };
  }

  await db
    .update(followUpCalls)
    .set({
      attempts,
      status,
      dueOn,
      ...(satisfaction !== null ? { satisfaction } : {}),
      ...(complaint ? { complaintId: complaint.complaintId } : {}),
      updatedAt: now,
    })
    .where(eq(followUpCalls.id, call.id));

  await recordAudit(db, {
    ...byActor(actor),
    action: "after_sales.follow_up.log",
    entityType: "follow_up_call",
    entityId: call.id,
    storeId: call.storeId,
    details: {
      kind: call.kind,
      ticketId: call.ticketId,
      outcome: input.outcome,
      satisfaction,
      attempts,
      before: { status: call.status, dueOn: call.dueOn },
      after: { status, dueOn },
      wrongNumber: input.outcome === "wrong_number",
      complaintId: complaint?.complaintId ?? null,
    },
  });

  const complaintId = complaint?.complaintId ?? call.complaintId ?? null;
  let complaintReference = complaint?.reference ?? null;
  if (complaintId && !complaintReference) {
    const [row] = await db
      .select({ reference: complaints.reference })
      .from(complaints)
      .where(eq(complaints.id, complaintId));
    complaintReference = row?.reference ?? null;
  }
  return { callId: call.id, status, attempts, dueOn, complaintId, complaintReference };
}
