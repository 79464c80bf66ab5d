import { and, asc, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { followUpCalls, members, serviceTickets, stores } from "@/db/schema";
import { localDate, shiftDay, startOfLocalDay, todayIn } from "@/lib/time";
import {
  CLEANING_REMINDER_TIERS,
  FOLLOW_UP_AFTER_DAYS,
  FOLLOW_UP_MAX_OVERDUE_DAYS,
  followUpDueDates,
  nextCleaningReminder,
} from "./dates";

/**
 * The `after-sales-follow-ups` job (lib/jobs): schedules the follow-up calls (回访) of
 * docs/domain.md#jewelry-after-sales. Idempotent: the calls' unique indexes (one per ticket and
 * kind; one per piece, kind and due date for reminders) with ON CONFLICT DO NOTHING make each call
 * once, however often the job runs and whoever runs it at the same moment.
 *
 * - Day-3 and day-30 calls for every picked-up ticket of an active store, due 3 and 30 days after
 *   the pickup's day in the store's time zone; a call already overdue by more than
 *   FOLLOW_UP_MAX_OVERDUE_DAYS is not created.
 * - A cleaning reminder for every piece of a gold or diamond member, 6 months after its latest
 *   visit (its last service pickup, its purchase or its last reminder), only the next one: a piece
 *   with an open reminder gets nothing more, and a new one is scheduled once it is closed.
 * Erased and merged members get no call.
 */

type NewCall = typeof followUpCalls.$inferInsert;
export type FollowUpScheduleResult = { day3Calls: number; day30Calls: number; cleaningReminders: number };

/** Rows per INSERT. */
const INSERT_CHUNK = 1000;

const liveMember = and(isNull(members.erasedAt), isNull(members.mergedIntoId));

async function insertCalls(db: Db, calls: NewCall[]): Promise<{ kind: NewCall["kind"] }[]> {
  const created: { kind: NewCall["kind"] }[] = [];
  for (let i = 0; i < calls.length; i += INSERT_CHUNK) {
    // No conflict target: either partial unique index (ticket + kind, or piece + kind + due date) skips the row.
    const inserted = await db
      .insert(followUpCalls)
      .values(calls.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing()
      .returning({ kind: followUpCalls.kind });
    created.push(...inserted);
  }
  return created;
}

export async function scheduleFollowUpCalls(db: Db, options: { now?: Date } = {}): Promise<FollowUpScheduleResult> {
  const now = options.now ?? new Date();
  const zones = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.active, true))
    .orderBy(asc(stores.id));
  const result: FollowUpScheduleResult = { day3Calls: 0, day30Calls: 0, cleaningReminders: 0 };
  for (const store of zones) {
    const created = await insertCalls(db, await afterServiceCalls(db, store, todayIn(store.timeZone, now)));
    result.day3Calls += created.filter((c) => c.kind === "day_3").length;
    result.day30Calls += created.filter((c) => c.kind === "day_30").length;
  }
  result.cleaningReminders = (await insertCalls(db, await cleaningReminders(db, now))).length;
  return result;
}

/**
 * The day-3 and day-30 calls of the store's tickets picked up recently enough for either to be
 * overdue by at most FOLLOW_UP_MAX_OVERDUE_DAYS. A ticket that has both already is not read again.
 */
async function afterServiceCalls(db: Db, store: { id: string; timeZone: string }, today: string): Promise<NewCall[]> {
  const firstDay = shiftDay(today, { days: -(FOLLOW_UP_AFTER_DAYS.day_30 + FOLLOW_UP_MAX_OVERDUE_DAYS) });
  const oldestDue = shiftDay(today, { days: -FOLLOW_UP_MAX_OVERDUE_DAYS });
  const tickets = await db
    .select({
      id: serviceTickets.id,
      memberId: serviceTickets.memberId,
      itemId: serviceTickets.itemId,
      pickedUpAt: serviceTickets.pickedUpAt,
    })
    .from(serviceTickets)
    .innerJoin(members, eq(members.id, serviceTickets.memberId))
    .where(
      and(
        eq(serviceTickets.storeId, store.id),
        isNotNull(serviceTickets.pickedUpAt),
        gte(serviceTickets.pickedUpAt, startOfLocalDay(firstDay, store.timeZone)),
        inArray(serviceTickets.status, ["picked_up", "closed"]),
        liveMember,
        sql`not exists (select 1 from follow_up_calls c where c.ticket_id = ${serviceTickets.id} and c.kind = 'day_30')`,
      ),
    );
  const calls: NewCall[] = [];
  for (const ticket of tickets) {
    const due = followUpDueDates(localDate(ticket.pickedUpAt!, store.timeZone));
    for (const kind of ["day_3", "day_30"] as const) {
      if (due[kind] < oldestDue) continue;
      calls.push({
        storeId: store.id,
        memberId: ticket.memberId,
        itemId: ticket.itemId,
        ticketId: ticket.id,
        kind,
        dueOn: due[kind],
      });
    }
  }
  return calls;
}

/**
 * The day-3 and day-30 calls of one ticket, scheduled at its pickup (in the pickup's transaction),
 * so that the call list shows them at once; the job stays the backstop. Idempotent like the job.
 */
export async function scheduleCallsAfterPickup(
  db: Db,
  ticket: { id: string; storeId: string; memberId: string; itemId: string },
  pickedUpAt: Date,
  timeZone: string,
): Promise<number> {
  const due = followUpDueDates(localDate(pickedUpAt, timeZone));
  const created = await insertCalls(
    db,
    (["day_3", "day_30"] as const).map((kind) => ({
      storeId: ticket.storeId,
      memberId: ticket.memberId,
      itemId: ticket.itemId,
      ticketId: ticket.id,
      kind,
      dueOn: due[kind],
    })),
  );
  return created.length;
}

type ReminderCandidate = {
  item_id: string;
  member_id: string;
  store_id: string;
  time_zone: string;
  picked_up_at: Date | string | null;
  purchased_at: Date | string | null;
  last_reminder_on: string | null;
};

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/**
 * The next cleaning reminder of each piece of a gold or diamond member that has none open. The call
 * belongs to the store of the piece's last service (where the customer brings it), else the store
 * that registered the piece; an inactive store's pieces wait. A piece neither bought nor serviced
 * (registered on its own) has no visit to count from and gets no reminder until it is.
 */
async function cleaningReminders(db: Db, now: Date): Promise<NewCall[]> {
  const tiers = sql.join(
    CLEANING_REMINDER_TIERS.map((tier) => sql`${tier}`),
    sql`, `,
  );
  const candidates = rowsOf<ReminderCandidate>(
    await db.execute(sql`
      select i.id as item_id, i.member_id, s.id as store_id, s.time_zone,
             lp.picked_up_at, p.occurred_at as purchased_at, lr.due_on::text as last_reminder_on
        from jewelry_items i
        join members m on m.id = i.member_id
        left join lateral (
          select t.store_id, t.picked_up_at from service_tickets t
           where t.item_id = i.id and t.picked_up_at is not null
           order by t.picked_up_at desc limit 1) lp on true
        left join sales_transactions p on p.id = i.purchase_transaction_id and p.kind = 'purchase'
        left join lateral (
          select max(c.due_on) as due_on from follow_up_calls c
           where c.item_id = i.id and c.kind = 'cleaning_reminder') lr on true
        join stores s on s.id = coalesce(lp.store_id, i.store_id)
       where m.tier in (${tiers})
         and m.erased_at is null and m.merged_into_id is null
         and s.active
         and (lp.picked_up_at is not null or p.occurred_at is not null)
         and not exists (select 1 from follow_up_calls o
                          where o.item_id = i.id and o.kind = 'cleaning_reminder' and o.status = 'open')
       order by i.id`),
  );
  return candidates.map((row) => {
    const visits = [
      row.picked_up_at ? localDate(asDate(row.picked_up_at), row.time_zone) : null,
      row.purchased_at ? localDate(asDate(row.purchased_at), row.time_zone) : null,
      row.last_reminder_on,
    ].filter((day): day is string => day !== null);
    const anchor = visits.reduce((latest, day) => (day > latest ? day : latest));
    return {
      storeId: row.store_id,
      memberId: row.member_id,
      itemId: row.item_id,
      ticketId: null,
      kind: "cleaning_reminder" as const,
      dueOn: nextCleaningReminder(anchor, todayIn(row.time_zone, now)),
    };
  });
}
