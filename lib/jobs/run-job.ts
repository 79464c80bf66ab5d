import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { scheduleFollowUpCalls } from "@/lib/after-sales/follow-ups/schedule-job";
import { recordAudit } from "@/lib/audit/service";
import { generateClientelingTasks } from "@/lib/clienteling/tasks/generation-job";
import { runComplaintSlaJob } from "@/lib/complaints/escalation/service";
import { inviteForOpenEvents } from "@/lib/events/service";
import { removeEndedMemberPresence } from "@/lib/loyalty/member-presence/service";
import { expirePoints } from "@/lib/loyalty/points/service";
import { tierEvaluationJob } from "@/lib/loyalty/tiers/evaluation-job";
import { removeStaleUploads } from "@/lib/members/import/storage";
import { refreshMemberSegments } from "@/lib/members/segments/service";
import { deliverDueMessages } from "@/lib/messaging/service";
import { generateMonthlyReports } from "@/lib/reports/monthly-report/job";
import { refreshRecentRollups } from "@/lib/reports/rollups/service";

/** The jobs `npm run job -- <name>` runs and the scheduler repeats; each is idempotent (running it twice changes nothing more). */
export const JOBS = {
  "after-sales-follow-ups": (db: Db) => scheduleFollowUpCalls(db),
  "clienteling-tasks": (db: Db) => generateClientelingTasks(db),
  "complaint-sla": (db: Db) => runComplaintSlaJob(db),
  "dashboard-rollups": (db: Db) => refreshRecentRollups(db),
  "event-invitations": (db: Db) => inviteForOpenEvents(db),
  // Files on disk, not rows: the database handle is not needed.
  "import-files": () => removeStaleUploads(),
  "member-presence": (db: Db) => removeEndedMemberPresence(db),
  "member-segments": (db: Db) => refreshMemberSegments(db),
  "message-delivery": (db: Db) => deliverDueMessages(db, { limit: 50 }),
  "monthly-reports": (db: Db) => generateMonthlyReports(db),
  "points-expiry": (db: Db) => expirePoints(db),
  "tier-evaluation": (db: Db) => tierEvaluationJob(db),
} satisfies Record<string, (db: Db) => Promise<Record<string, unknown>>>;
export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/**
 * Runs a job under a transaction-level Postgres advisory lock named after it, so that several app
 * instances (or a manual run beside the scheduler) never run the same job at once. Returns
 * `skipped` when another run holds the lock.
 */
export async function runJob(
  db: Db,
  name: JobName,
  options: {
    /** Audit this run only if this says so (the scheduler's frequent message-delivery runs that did nothing). Default: always. */
    auditIf?: (result: Record<string, unknown>) => boolean;
  } = {},
): Promise<{ status: "done"; result: Record<string, unknown> } | { status: "skipped" }> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`atrium.job:${name}`})) as locked`),
    );
    if (!lock?.locked) return { status: "skipped" as const };
    const result = await JOBS[name](tx);
    if (options.auditIf && !options.auditIf(result)) return { status: "done" as const, result };
    await recordAudit(tx, {
      action: "job.run",
      actorLabel: "system",
      entityType: "job",
      entityId: name,
      details: result,
    });
    return { status: "done" as const, result };
  });
}
