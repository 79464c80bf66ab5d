import { and, asc, count, desc, eq, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clientelingTasks, memberContacts, members, staff as staffTable, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { listParams } from "@/lib/list-params";
import { maskName } from "@/lib/members/masking";
import { isBusinessDay } from "@/lib/time";
import type { ContactChannel, ContactOutcome } from "../contacts/schemas";
import { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus } from "./schemas";

/**
 * Reads for the task page and badges. Store scope is the task's store, in the WHERE; tasks of
 * merged members are hidden like the members themselves. Member names are always masked: the
 * 360° view, one click away, shows what the reader may see. docs/domain.md#tasks-and-the-contact-log
 */

/**
 * Whether the staff member runs their stores' task lists (sees every task of the store, assigns,
 * completes or skips any of them). policy.ts has no permission for it apart from clienteling.tasks,
 * which advisors hold too, so it is the manager role, as the business described it.
 */
export function isTaskManager(staff: Pick<StaffPrincipal, "roles">): boolean {
  return staff.roles.includes("manager");
}

export const TASK_VIEWS = ["mine", "store"] as const;
export type TaskView = (typeof TASK_VIEWS)[number];
export const TASK_DUE_FILTERS = ["overdue", "today", "upcoming"] as const;
export const TASK_STATUS_FILTERS = [...TASK_STATUSES, "all"] as const;

const listDay = z
  .string()
  .refine((day) => isBusinessDay(day))
  .optional()
  .catch(undefined);

/** The task page's URL parameters; anything malformed falls back to its default. */
export const taskListParamsSchema = z.object({
  view: z.enum(TASK_VIEWS).default("mine").catch("mine"),
  /** Store view only: an advisor's id, or "unassigned" for the store's unassigned list. */
  assignee: z
    .union([z.literal("unassigned"), z.uuid()])
    .optional()
    .catch(undefined),
  store: z.uuid().optional().catch(undefined),
  kind: z.enum(TASK_KINDS).optional().catch(undefined),
  status: z.enum(TASK_STATUS_FILTERS).default("open").catch("open"),
  due: z.enum(TASK_DUE_FILTERS).optional().catch(undefined),
  dueFrom: listDay,
  dueTo: listDay,
  sort: z.enum(["dueOn"]).default("dueOn").catch("dueOn"),
  ...listParams({ dir: "asc", maxPage: 10_000 }),
});
export type TaskListParams = z.output<typeof taskListParamsSchema>;

export type TaskRow = {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  dueOn: string;
  /** Open and due before today (the store's local day). */
  overdue: boolean;
  dueToday: boolean;
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  memberStage: string;
  memberErased: boolean;
  storeId: string;
  storeCode: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  assigneeId: string | null;
  assigneeName: string | null;
  details: Record<string, unknown>;
  skipReason: string | null;
  closedAt: Date | null;
  closedByName: string | null;
  contactChannel: ContactChannel | null;
  contactOutcome: ContactOutcome | null;
  createdAt: Date;
};

const assignee = alias(staffTable, "assignee");
const closer = alias(staffTable, "closer");

/** Today in the task's store's time zone, as SQL (a date). */
function storeToday(now: Date): SQL {
  return sql`(${now.toISOString()}::timestamptz at time zone ${stores.timeZone})::date`;
}

/**
 * The staff member's tasks ("mine", the default) or, for a manager, their stores' tasks ("store",
 * filtered by assignee, "unassigned" included), by kind, status, due (overdue / today / upcoming) and
 * due range; sorted by due date, a page at a time. Someone who is not a manager asking for the
 * store view gets their own tasks: `view` in the answer says which was shown.
 */
export async function listTasks(
  db: Db,
  staff: StaffPrincipal,
  params: TaskListParams,
  options: { now?: Date } = {},
): Promise<{ rows: TaskRow[]; total: number; view: TaskView }> {
  const now = options.now ?? new Date();
  const view: TaskView = params.view === "store" && isTaskManager(staff) ? "store" : "mine";
  const today = storeToday(now);
  const conditions: (SQL | undefined)[] = [
    storeFilter(clientelingTasks.storeId, storeScopeOf(staff)),
    isNull(members.mergedIntoId),
  ];
  if (view === "mine") conditions.push(eq(clientelingTasks.assigneeId, staff.id));
  else if (params.assignee === "unassigned") conditions.push(isNull(clientelingTasks.assigneeId));
  else if (params.assignee) conditions.push(eq(clientelingTasks.assigneeId, params.assignee));
  if (params.store) conditions.push(eq(clientelingTasks.storeId, params.store));
  if (params.kind) conditions.push(eq(clientelingTasks.kind, params.kind));
  if (params.status !== "all") conditions.push(eq(clientelingTasks.status, params.status));
  if (params.due === "overdue") conditions.push(sql`${clientelingTasks.dueOn} < ${today}`);
  if (params.due === "today") conditions.push(sql`${clientelingTasks.dueOn} = ${today}`);
  if (params.due === "upcoming") conditions.push(sql`${clientelingTasks.dueOn} > ${today}`);
  if (params.dueFrom) conditions.push(gte(clientelingTasks.dueOn, params.dueFrom));
  if (params.dueTo) conditions.push(lte(clientelingTasks.dueOn, params.dueTo));
  const where = and(...conditions);

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: clientelingTasks.id,
        kind: clientelingTasks.kind,
        status: clientelingTasks.status,
        dueOn: clientelingTasks.dueOn,
        overdue: sql<boolean>`(${clientelingTasks.status} = 'open' and ${clientelingTasks.dueOn} < ${today})`,
        dueToday: sql<boolean>`(${clientelingTasks.dueOn} = ${today})`,
        memberId: clientelingTasks.memberId,
        memberNameRaw: members.name,
        memberStage: members.lifecycleStage,
        memberErasedAt: members.erasedAt,
        storeId: clientelingTasks.storeId,
        storeCode: stores.code,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
        assigneeId: clientelingTasks.assigneeId,
        assigneeName: assignee.displayName,
        details: clientelingTasks.details,
        skipReason: clientelingTasks.skipReason,
        closedAt: clientelingTasks.closedAt,
        closedByName: closer.displayName,
        contactChannel: memberContacts.channel,
        contactOutcome: memberContacts.outcome,
        createdAt: clientelingTasks.createdAt,
      })
      .from(clientelingTasks)
      .innerJoin(members, eq(members.id, clientelingTasks.memberId))
      .innerJoin(stores, eq(stores.id, clientelingTasks.storeId))
      .leftJoin(assignee, eq(assignee.id, clientelingTasks.assigneeId))
      .leftJoin(closer, eq(closer.id, clientelingTasks.closedBy))
      .leftJoin(memberContacts, eq(memberContacts.id, clientelingTasks.contactId))
      .where(where)
      .orderBy(
        params.dir === "asc" ? asc(clientelingTasks.dueOn) : desc(clientelingTasks.dueOn),
        asc(clientelingTasks.createdAt),
        asc(clientelingTasks.id),
      )
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(clientelingTasks)
      .innerJoin(members, eq(members.id, clientelingTasks.memberId))
      .innerJoin(stores, eq(stores.id, clientelingTasks.storeId))
      .where(where),
  ]);
  return {
    rows: rows.map(({ memberNameRaw, memberErasedAt, details, ...row }) => ({
      ...row,
      overdue: Boolean(row.overdue),
      dueToday: Boolean(row.dueToday),
      memberName: maskName(memberNameRaw),
      memberErased: memberErasedAt !== null,
      details: details ?? {},
    })),
    total: total?.value ?? 0,
    view,
  };
}

export type TaskCounts = {
  /** The staff member's own open tasks, those past due, and those due today (store-local days). */
  open: number;
  overdue: number;
  dueToday: number;
  /** Open tasks no one is assigned to in the manager's stores; null for anyone else. */
  unassigned: number | null;
};

/** The figures for a badge or the dashboard, in one round trip. */
export async function taskCounts(db: Db, staff: StaffPrincipal, options: { now?: Date } = {}): Promise<TaskCounts> {
  const today = storeToday(options.now ?? new Date());
  const manager = isTaskManager(staff);
  const mine = sql`${clientelingTasks.assigneeId} = ${staff.id}`;
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${mine})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${mine} and ${clientelingTasks.dueOn} < ${today})`.mapWith(Number),
      dueToday: sql<number>`count(*) filter (where ${mine} and ${clientelingTasks.dueOn} = ${today})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${clientelingTasks.assigneeId} is null)`.mapWith(Number),
    })
    .from(clientelingTasks)
    .innerJoin(members, eq(members.id, clientelingTasks.memberId))
    .innerJoin(stores, eq(stores.id, clientelingTasks.storeId))
    .where(
      and(
        eq(clientelingTasks.status, "open"),
        storeFilter(clientelingTasks.storeId, storeScopeOf(staff)),
        isNull(members.mergedIntoId),
        // Only a manager's count needs the rest of the store's tasks.
        manager ? undefined : eq(clientelingTasks.assigneeId, staff.id),
      ),
    );
  return {
    open: row?.open ?? 0,
    overdue: row?.overdue ?? 0,
    dueToday: row?.dueToday ?? 0,
    unassigned: manager ? (row?.unassigned ?? 0) : null,
  };
}
