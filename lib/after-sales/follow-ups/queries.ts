import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { complaints, followUpCalls, jewelryItems, members, serviceTickets, stores } from "@/db/schema";
import { storeFilter, storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { listParams } from "@/lib/list-params";
import { maskName } from "@/lib/members/masking";
import { todayIn } from "@/lib/time";
import {
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  type FollowUpKind,
  type FollowUpOutcome,
  type FollowUpStatus,
} from "./schemas";

/**
 * The call list (docs/domain.md#jewelry-after-sales): follow-up calls of the staff member's stores
 * by due date, overdue first. Store scope is in every WHERE: another store's call is not found. The
 * member's name is masked and no phone is shown: the caller opens the member's 360° page, where
 * the phone is revealed through the audited reveal.
 */

/** The due filter: before today, today, after today (store-local); none = every due date. */
export const CALL_DUE_FILTERS = ["overdue", "today", "upcoming"] as const;
export type CallDueFilter = (typeof CALL_DUE_FILTERS)[number];

export const followUpCallListParamsSchema = z.object({
  kind: z.enum(FOLLOW_UP_KINDS).optional().catch(undefined),
  /** Open calls unless asked otherwise ("all": every status). */
  status: z
    .enum([...FOLLOW_UP_STATUSES, "all"])
    .default("open")
    .catch("open"),
  due: z.enum(CALL_DUE_FILTERS).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  ...listParams({ dir: "asc", maxPage: 1000 }),
});
export type FollowUpCallListParams = z.output<typeof followUpCallListParamsSchema>;

export type FollowUpCallRow = {
  id: string;
  storeId: string;
  storeName: string;
  storeNameEn: string | null;
  timeZone: string;
  kind: FollowUpKind;
  dueOn: string;
  status: FollowUpStatus;
  attempts: number;
  satisfaction: number | null;
  overdue: boolean;
  dueToday: boolean;
  memberId: string;
  /** Masked (张*华). */
  memberName: string;
  memberErased: boolean;
  itemName: string;
  ticketId: string | null;
  ticketReference: string | null;
  serviceType: string | null;
  pickedUpAt: Date | null;
  lastOutcome: FollowUpOutcome | null;
  lastAttemptAt: Date | null;
  /** A wrong number was logged: the member's phone needs correcting. */
  wrongNumber: boolean;
  complaintId: string | null;
  complaintReference: string | null;
};

/** The store-local day of `now` in the call's store, as SQL. */
const storeToday = (now: Date) => sql`(${now.toISOString()}::timestamptz at time zone ${stores.timeZone})::date`;

function listConditions(me: StaffPrincipal, params: FollowUpCallListParams, now: Date): SQL {
  const today = storeToday(now);
  return and(
    storeFilter(followUpCalls.storeId, storeScopeOf(me)),
    params.store ? eq(followUpCalls.storeId, params.store) : undefined,
    params.kind ? eq(followUpCalls.kind, params.kind) : undefined,
    params.status !== "all" ? eq(followUpCalls.status, params.status) : undefined,
    params.due === "overdue" ? sql`${followUpCalls.dueOn} < ${today}` : undefined,
    params.due === "today" ? sql`${followUpCalls.dueOn} = ${today}` : undefined,
    params.due === "upcoming" ? sql`${followUpCalls.dueOn} > ${today}` : undefined,
  )!;
}

export async function listFollowUpCalls(
  db: Db,
  me: StaffPrincipal,
  params: FollowUpCallListParams,
  now: Date = new Date(),
): Promise<{ rows: FollowUpCallRow[]; total: number }> {
  const where = listConditions(me, params, now);
  const lastAttempt = sql<{ outcome: FollowUpOutcome; at: string } | null>`(
    select json_build_object('outcome', a.outcome, 'at', a.at) from follow_up_call_attempts a
     where a.call_id = ${followUpCalls.id} order by a.at desc, a.id desc limit 1)`;
  const wrongNumber = sql<boolean>`exists (select 1 from follow_up_call_attempts a
     where a.call_id = ${followUpCalls.id} and a.outcome = 'wrong_number')`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        call: followUpCalls,
        storeName: stores.name,
        storeNameEn: stores.nameEn,
        timeZone: stores.timeZone,
        memberName: members.name,
        memberErasedAt: members.erasedAt,
        itemName: jewelryItems.name,
        ticketReference: serviceTickets.reference,
        serviceType: serviceTickets.serviceType,
        pickedUpAt: serviceTickets.pickedUpAt,
        complaintReference: complaints.reference,
        lastAttempt,
        wrongNumber,
      })
      .from(followUpCalls)
      .innerJoin(stores, eq(stores.id, followUpCalls.storeId))
      .innerJoin(members, eq(members.id, followUpCalls.memberId))
      .innerJoin(jewelryItems, eq(jewelryItems.id, followUpCalls.itemId))
      .leftJoin(serviceTickets, eq(serviceTickets.id, followUpCalls.ticketId))
      .leftJoin(complaints, eq(complaints.id, followUpCalls.complaintId))
      .where(where)
      // Open calls first, then by due date (the overdue ones come first), oldest call first on a tie.
      .orderBy(
        sql`case when ${followUpCalls.status} = 'open' then 0 else 1 end`,
        params.dir === "desc" ? sql`${followUpCalls.dueOn} desc` : asc(followUpCalls.dueOn),
        asc(followUpCalls.createdAt),
        asc(followUpCalls.id),
      )
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ value: count() })
      .from(followUpCalls)
      .innerJoin(stores, eq(stores.id, followUpCalls.storeId))
      .where(where),
  ]);

  return {
    rows: rows.map((row) => {
      const today = todayIn(row.timeZone, now);
      const open = row.call.status === "open";
      const last = typeof row.lastAttempt === "string" ? JSON.parse(row.lastAttempt) : row.lastAttempt;
      return {
        id: row.call.id,
        storeId: row.call.storeId,
        storeName: row.storeName,
        storeNameEn: row.storeNameEn,
        timeZone: row.timeZone,
        kind: row.call.kind,
        dueOn: row.call.dueOn,
        status: row.call.status,
        attempts: row.call.attempts,
        satisfaction: row.call.satisfaction,
        overdue: open && row.call.dueOn < today,
        dueToday: open && row.call.dueOn === today,
        memberId: row.call.memberId,
        memberName: row.memberErasedAt ? "—" : maskName(row.memberName),
        memberErased: row.memberErasedAt !== null,
        itemName: row.itemName,
        ticketId: row.call.ticketId,
        ticketReference: row.ticketReference,
        serviceType: row.serviceType,
        pickedUpAt: row.pickedUpAt,
        lastOutcome: last?.outcome ?? null,
        lastAttemptAt: last?.at ? new Date(last.at) : null,
        wrongNumber: Boolean(row.wrongNumber),
        complaintId: row.call.complaintId,
        complaintReference: row.complaintReference,
      };
    }),
    total: total?.value ?? 0,
  };
}

export type FollowUpCallCounts = { open: number; overdue: number; dueToday: number };

/** The open calls of the staff member's stores, how many are overdue and how many due today (store-local). */
export async function followUpCallCounts(
  db: Db,
  me: StaffPrincipal,
  now: Date = new Date(),
): Promise<FollowUpCallCounts> {
  const today = storeToday(now);
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${followUpCalls.dueOn} < ${today})::int`,
      dueToday: sql<number>`count(*) filter (where ${followUpCalls.dueOn} = ${today})::int`,
    })
    .from(followUpCalls)
    .innerJoin(stores, eq(stores.id, followUpCalls.storeId))
    .where(and(storeFilter(followUpCalls.storeId, storeScopeOf(me)), eq(followUpCalls.status, "open")));
  return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0), dueToday: Number(row?.dueToday ?? 0) };
}
