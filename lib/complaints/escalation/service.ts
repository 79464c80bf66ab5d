import { and, asc, eq, inArray, isNull, min, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { complaintPauses, complaints, staff, staffNotifications, staffRoles, staffStores, stores } from "@/db/schema";
import { OPEN_STATUSES } from "@/lib/complaints/cases/schemas";
import { recordComplaintEvent } from "@/lib/complaints/cases/service";
import { calendarFor, complaintClocks, slaPauses } from "@/lib/complaints/cases/sla";
import { env } from "@/lib/env";
import { enqueueStaffMessage } from "@/lib/messaging/service";

/**
 * The `complaint-sla` job (lib/jobs; docs/domain.md#intake-work-and-escalation): for every open
 * complaint, where its clocks stand now — first response until it is answered, resolution with the
 * waiting-on-customer pauses taken out. At 80 % of a target the complaint is flagged once
 * (*_warned_at, a 'warned' event); at 100 % it is escalated once (*_escalated_at, an 'escalated'
 * event) and every active manager of its store gets a portal notification. Every flag is set by a
 * guarded UPDATE (… where *_at is null) and every notification inserted with ON CONFLICT DO NOTHING
 * on (dedupe_key, staff_id), so however often the job runs, and whoever runs it at the same moment,
 * each warning, escalation and notification happens once. An escalation also queues a message
 * (SMS and email) to each of those managers through the outbox, deduplicated the same way.
 */

export type ComplaintSlaJobResult = {
  checked: number;
  warned: number;
  escalated: number;
  notified: number;
  /** Messages queued to managers (channels without an address are recorded as skipped, not counted). */
  messaged: number;
};

type Clock = "response" | "resolution";

const FLAGS = {
  response: { warned: complaints.responseWarnedAt, escalated: complaints.responseEscalatedAt },
  resolution: { warned: complaints.resolutionWarnedAt, escalated: complaints.resolutionEscalatedAt },
} as const;

/** Sets the flag if it is still empty; true when this call set it. */
async function setOnce(db: Db, complaintId: string, clock: Clock, flag: "warned" | "escalated", now: Date) {
  const column = FLAGS[clock][flag];
  const key = {
    response: { warned: "responseWarnedAt", escalated: "responseEscalatedAt" },
    resolution: { warned: "resolutionWarnedAt", escalated: "resolutionEscalatedAt" },
  }[clock][flag];
  const updated = await db
    .update(complaints)
    .set({ [key]: now })
    .where(and(eq(complaints.id, complaintId), isNull(column)))
    .returning({ id: complaints.id });
  return updated.length > 0;
}

/** The active managers who belong to the store (by membership: head-office staff see every store but are not its managers). */
export async function storeManagers(db: Db, storeId: string): Promise<string[]> {
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .innerJoin(staffRoles, and(eq(staffRoles.staffId, staff.id), eq(staffRoles.role, "manager")))
    .innerJoin(staffStores, and(eq(staffStores.staffId, staff.id), eq(staffStores.storeId, storeId)))
    .where(eq(staff.active, true))
    .orderBy(asc(staff.id));
  return rows.map((row) => row.id);
}

export async function runComplaintSlaJob(db: Db, options: { now?: Date } = {}): Promise<ComplaintSlaJobResult> {
  const now = options.now ?? new Date();
  const result: ComplaintSlaJobResult = { checked: 0, warned: 0, escalated: 0, notified: 0, messaged: 0 };
  // Only complaints with a flag still to set: an escalated clock has nothing more to do.
  const pending = and(
    inArray(complaints.status, [...OPEN_STATUSES]),
    or(
      and(isNull(complaints.firstRespondedAt), isNull(complaints.responseEscalatedAt)),
      isNull(complaints.resolutionEscalatedAt),
    ),
  );
  const storeRows = await db
    .select({ storeId: complaints.storeId, from: min(complaints.receivedAt) })
    .from(complaints)
    .where(pending)
    .groupBy(complaints.storeId)
    .orderBy(asc(complaints.storeId));

  for (const { storeId, from } of storeRows) {
    if (!from) continue;
    const calendar = await calendarFor(db, storeId, from, now);
    const [store] = await db.select({ name: stores.name }).from(stores).where(eq(stores.id, storeId));
    const rows = await db
      .select()
      .from(complaints)
      .where(and(pending, eq(complaints.storeId, storeId)))
      .orderBy(asc(complaints.receivedAt), asc(complaints.id));
    const ids = rows.map((row) => row.id);
    const pauseRows = ids.length
      ? await db
          .select({
            complaintId: complaintPauses.complaintId,
            startedAt: complaintPauses.startedAt,
            endedAt: complaintPauses.endedAt,
          })
          .from(complaintPauses)
          .where(inArray(complaintPauses.complaintId, ids))
          .orderBy(asc(complaintPauses.startedAt))
      : [];
    let managers: string[] | null = null;

    for (const complaint of rows) {
      result.checked++;
      const pauses = slaPauses(pauseRows.filter((pause) => pause.complaintId === complaint.id));
      const clocks = complaintClocks(calendar, complaint, pauses, now);
      const states: [Clock, (typeof clocks)["resolution"] | null][] = [
        ["response", clocks.response],
        ["resolution", clocks.resolution],
      ];
      for (const [clock, state] of states) {
        if (!state) continue;
        if (state.warning && (await setOnce(db, complaint.id, clock, "warned", now))) {
          result.warned++;
          await recordComplaintEvent(db, complaint.id, null, { kind: "warned", body: clock, at: now });
        }
        if (state.breached && (await setOnce(db, complaint.id, clock, "escalated", now))) {
          result.escalated++;
          await recordComplaintEvent(db, complaint.id, null, { kind: "escalated", body: clock, at: now });
          managers ??= await storeManagers(db, storeId);
          if (managers.length > 0) {
            const inserted = await db
              .insert(staffNotifications)
              .values(
                managers.map((staffId) => ({
                  staffId,
                  kind: "complaint_breach",
                  messageKey: `complaints.notifications.breached.${clock}`,
                  params: { reference: complaint.reference, store: store?.name ?? "" },
                  href: `/complaints/${complaint.id}`,
                  dedupeKey: `complaint_breach:${complaint.id}:${clock}`,
                })),
              )
              .onConflictDoNothing({ target: [staffNotifications.dedupeKey, staffNotifications.staffId] })
              .returning({ id: staffNotifications.id });
            result.notified += inserted.length;
            // …and a message (SMS and email, where the manager's staff record has them), once per manager and clock.
            for (const staffId of managers) {
              const queued = await enqueueStaffMessage(db, {
                staffId,
                storeId,
                templateCode: "complaint_breach",
                params: {
                  reference: complaint.reference,
                  clock,
                  dueAt: (clock === "response"
                    ? complaint.firstResponseDueAt
                    : complaint.resolutionDueAt
                  ).toISOString(),
                  complaintUrl: new URL(`/complaints/${complaint.id}`, env.ATRIUM_PUBLIC_URL).toString(),
                },
                dedupeKey: `complaint_breach:${complaint.id}:${clock}:${staffId}`,
                now,
              });
              result.messaged += queued.filter((message) => message.status === "pending").length;
            }
          }
        }
      }
    }
  }
  return result;
}

/** Marks one of my notifications read, or all of them; returns how many changed. */
export async function markNotificationsRead(
  db: Db,
  staffId: string,
  notificationId: string | undefined,
  now: Date = new Date(),
): Promise<{ marked: number }> {
  const updated = await db
    .update(staffNotifications)
    .set({ readAt: now })
    .where(
      and(
        eq(staffNotifications.staffId, staffId),
        isNull(staffNotifications.readAt),
        notificationId ? eq(staffNotifications.id, notificationId) : undefined,
      ),
    )
    .returning({ id: staffNotifications.id });
  return { marked: updated.length };
}
