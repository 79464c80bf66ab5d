import { and, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { clientelingTaskKind, clientelingTasks, clientelingTaskStatus, members, stores } from "@/db/schema";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { DEFAULT_TIME_ZONE, localDate, shiftDay } from "@/lib/time";
import { insertContact } from "../contacts/service";
import { isTaskManager } from "./queries";
import {
  TASK_KINDS,
  TASK_STATUSES,
  type assignTaskSchema,
  type completeTaskSchema,
  type skipTaskSchema,
  type VisitFollowUpDetails,
} from "./schemas";

/**
 * Clienteling tasks: closing one (done with the contact that did it, or skipped with a reason),
 * assigning it, and the follow-up after a visit. Each runs in the caller's transaction on the
 * task row locked for update, so two people closing the same task cannot both succeed.
 * docs/domain.md#tasks-and-the-contact-log
 */

// The page's lists and the database enums must be the same: a value in one only fails to compile.
type Same<A extends readonly string[], B extends readonly string[]> = [A[number]] extends [B[number]]
  ? [B[number]] extends [A[number]]
    ? true
    : never
  : never;
const kindsMatch: Same<typeof TASK_KINDS, typeof clientelingTaskKind.enumValues> = true;
const statusesMatch: Same<typeof TASK_STATUSES, typeof clientelingTaskStatus.enumValues> = true;
void kindsMatch;
void statusesMatch;

/** Days after a completed visit its follow-up is due (store-local). */
export const VISIT_FOLLOW_UP_DAYS = 2;

/**
 * SQL: true when `advisorId` is an active staff member with the advisor role who works at `storeId`
 * (or at every store) — the same rule as a member's advisor (lib/members/service.ts).
 */
export function advisorServesStoreSql(advisorId: SQL, storeId: SQL): SQL {
  return sql`exists (
    select 1 from staff s
      join staff_roles sr on sr.staff_id = s.id and sr.role = 'advisor'
     where s.id = ${advisorId} and s.active
       and (s.all_stores or exists (select 1 from staff_stores ss where ss.staff_id = s.id and ss.store_id = ${storeId})))`;
}

async function advisorServesStore(db: Db, advisorId: string, storeId: string): Promise<boolean> {
  const [row] = rowsOf<{ serves: boolean }>(
    await db.execute(sql`select ${advisorServesStoreSql(sql`${advisorId}::uuid`, sql`${storeId}::uuid`)} as serves`),
  );
  return Boolean(row?.serves);
}

type TaskRow = typeof clientelingTasks.$inferSelect;

/**
 * The task, locked, when its store is in the staff member's scope (else not found), and the member
 * it is about. Must be followed by the checks of the write.
 */
async function lockTaskInScope(db: Db, staff: StaffPrincipal, taskId: string) {
  const [task] = await db
    .select()
    .from(clientelingTasks)
    .where(and(eq(clientelingTasks.id, taskId), storeFilter(clientelingTasks.storeId, storeScopeOf(staff))))
    .for("update");
  if (!task) throw new AppError("not_found");
  const [member] = await db
    .select({ id: members.id, erasedAt: members.erasedAt, mergedIntoId: members.mergedIntoId })
    .from(members)
    .where(eq(members.id, task.memberId));
  // A merged member's tasks are hidden with the member (lists do the same).
  if (!member || member.mergedIntoId) throw new AppError("not_found");
  return { task, member };
}

/** Closing a task is for its assignee or a manager of its store; a closed task stays closed. */
function assertMayClose(staff: StaffPrincipal, task: TaskRow) {
  if (task.assigneeId !== staff.id && !isTaskManager(staff)) throw new AppError("forbidden");
  assertOpen(task);
}

function assertOpen(task: TaskRow) {
  if (task.status !== "open") {
    // The field names the task: the page shows "already closed" rather than a generic conflict.
    throw new AppError("conflict", { detail: "The task is already closed.", fieldErrors: { taskId: ["taskClosed"] } });
  }
}

/**
 * Done: the contact that did it is logged (member_contacts, with the task's id) and the task is
 * closed with that contact, in the caller's transaction: both rows or neither. An erased member
 * keeps no new data, so their task can only be skipped.
 */
export async function completeTask(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof completeTaskSchema>,
): Promise<{ taskId: string; contactId: string; memberId: string }> {
  const { task, member } = await lockTaskInScope(db, staff, input.taskId);
  assertMayClose(staff, task);
  if (member.erasedAt) throw new AppError("conflict", { messageKey: "memberErased" });
  const { contactId, occurredAt } = await insertContact(db, {
    ...input,
    memberId: task.memberId,
    storeId: task.storeId,
    staffId: actor.staffId,
    taskId: task.id,
  });
  await db
    .update(clientelingTasks)
    .set({ status: "done", contactId, closedBy: actor.staffId, closedAt: occurredAt })
    .where(eq(clientelingTasks.id, task.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "clienteling.task.complete",
    entityType: "clienteling_task",
    entityId: task.id,
    storeId: task.storeId,
    details: { kind: task.kind, memberId: task.memberId, contactId, channel: input.channel, outcome: input.outcome },
  });
  return { taskId: task.id, contactId, memberId: task.memberId };
}

/** Skipped: closed with the reason given, no contact. The reason stays on the task, not in the audit log. */
export async function skipTask(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof skipTaskSchema>,
): Promise<{ taskId: string; memberId: string }> {
  const { task } = await lockTaskInScope(db, staff, input.taskId);
  assertMayClose(staff, task);
  await db
    .update(clientelingTasks)
    .set({ status: "skipped", skipReason: input.reason, closedBy: actor.staffId, closedAt: new Date() })
    .where(eq(clientelingTasks.id, task.id));
  await recordAudit(db, {
    ...byActor(actor),
    action: "clienteling.task.skip",
    entityType: "clienteling_task",
    entityId: task.id,
    storeId: task.storeId,
    details: { kind: task.kind, memberId: task.memberId },
  });
  return { taskId: task.id, memberId: task.memberId };
}

/**
 * A manager gives an open task of their store to an advisor who works there, or puts it back on the
 * store's unassigned list (null). Audited with the assignee before and after.
 */
export async function assignTask(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  input: z.output<typeof assignTaskSchema>,
): Promise<{ taskId: string; assigneeId: string | null }> {
  if (!isTaskManager(staff)) throw new AppError("forbidden");
  const { task } = await lockTaskInScope(db, staff, input.taskId);
  assertOpen(task);
  if (input.assigneeId && !(await advisorServesStore(db, input.assigneeId, task.storeId))) {
    throw new AppError("validation", { fieldErrors: { assigneeId: ["unknownAdvisor"] } });
  }
  if (input.assigneeId !== task.assigneeId) {
    await db.update(clientelingTasks).set({ assigneeId: input.assigneeId }).where(eq(clientelingTasks.id, task.id));
    await recordAudit(db, {
      ...byActor(actor),
      action: "clienteling.task.assign",
      entityType: "clienteling_task",
      entityId: task.id,
      storeId: task.storeId,
      details: { kind: task.kind, from: task.assigneeId, to: input.assigneeId },
    });
  }
  return { taskId: task.id, assigneeId: input.assigneeId };
}

export type VisitFollowUpInput = {
  appointmentId: string;
  memberId: string;
  storeId: string;
  /** The advisor who saw the client: the assignee while they still work at the store, else the store's unassigned list. */
  advisorId: string | null;
  completedAt: Date;
};

/**
 * The follow-up after a completed visit, due VISIT_FOLLOW_UP_DAYS after the visit's store-local day.
 * For the booking code to call when a visit is completed, in its transaction. Idempotent: the
 * source key `visit_follow_up:<appointmentId>` makes a second call (a retried completion) a no-op.
 * An erased or merged member gets none. `created` says whether this call created the task.
 */
export async function createVisitFollowUpTask(
  db: Db,
  input: VisitFollowUpInput,
): Promise<{ taskId: string | null; created: boolean }> {
  const sourceKey = `visit_follow_up:${input.appointmentId}`;
  const [context] = await db
    .select({ timeZone: stores.timeZone, erasedAt: members.erasedAt, mergedIntoId: members.mergedIntoId })
    .from(members)
    .innerJoin(stores, eq(stores.id, input.storeId))
    .where(eq(members.id, input.memberId));
  if (!context || context.erasedAt || context.mergedIntoId) return { taskId: null, created: false };
  const visitedOn = localDate(input.completedAt, context.timeZone ?? DEFAULT_TIME_ZONE);
  const assigneeId =
    input.advisorId && (await advisorServesStore(db, input.advisorId, input.storeId)) ? input.advisorId : null;
  const details: VisitFollowUpDetails = { appointmentId: input.appointmentId, visitedOn };
  const [inserted] = await db
    .insert(clientelingTasks)
    .values({
      storeId: input.storeId,
      memberId: input.memberId,
      assigneeId,
      kind: "visit_follow_up",
      sourceKey,
      dueOn: shiftDay(visitedOn, { days: VISIT_FOLLOW_UP_DAYS }),
      details,
    })
    .onConflictDoNothing({ target: clientelingTasks.sourceKey })
    .returning({ id: clientelingTasks.id });
  if (inserted) return { taskId: inserted.id, created: true };
  const [existing] = await db
    .select({ id: clientelingTasks.id })
    .from(clientelingTasks)
    .where(eq(clientelingTasks.sourceKey, sourceKey));
  return { taskId: existing?.id ?? null, created: false };
}
