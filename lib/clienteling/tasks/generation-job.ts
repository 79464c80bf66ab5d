import { and, asc, eq, gt, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { clientelingTasks, members, salesTransactionLines, salesTransactions, stores } from "@/db/schema";
import { localDate, shiftDay, startOfLocalDay, todayIn } from "@/lib/time";
import type { CareCallDetails, DormantCallbackDetails, ImportantDateDetails } from "./schemas";
import { advisorServesStoreSql } from "./service";

/**
 * The `clienteling-tasks` job (lib/jobs): creates the advisors' tasks the calendar and the sales
 * call for — care calls after large purchases, important dates ahead, call-backs to clients who
 * turned dormant. Idempotent: every task has a unique source key naming what created it, inserted
 * with ON CONFLICT DO NOTHING, so however often the job runs (and whoever else runs it at the same
 * moment) a task is created once. docs/domain.md#tasks-and-the-contact-log
 *
 * Per active store (a closed store has nobody to make the calls), in its time zone:
 * - assignee: the member's advisor while they still work at the task's store, else none (the
 *   store's unassigned list, for a manager to hand out);
 * - erased and merged members get no task.
 */

/** A purchase this large (net paid, after its refunds) earns a care call. */
export const CARE_CALL_MIN_FEN = 500_000;
/** The care call is due this many days after the purchase's store-local day. */
export const CARE_CALL_AFTER_DAYS = 7;
/** A care call overdue by more than this is not created any more (the job was off, or the data came late). */
export const CARE_CALL_MAX_OVERDUE_DAYS = 30;
/** An important date's task is due this many days before it. */
export const IMPORTANT_DATE_AHEAD_DAYS = 14;
/** Tasks due up to this many days ahead are created now: a run late in the evening covers tomorrow. */
const DUE_AHEAD_DAYS = 1;
/** Rows per INSERT. */
const INSERT_CHUNK = 1000;
/** Items named on a care call. */
const CARE_CALL_ITEMS = 5;

type NewTask = typeof clientelingTasks.$inferInsert;
type StoreZone = { id: string; timeZone: string };
export type TaskGenerationResult = {
  careCalls: number;
  importantDates: number;
  birthdays: number;
  dormantCallbacks: number;
};

/** The member's advisor when they still work at `storeId`, else null (SQL). */
function assigneeSql(storeId: SQL): SQL<string | null> {
  return sql<
    string | null
  >`case when ${advisorServesStoreSql(sql`${members.advisorId}`, storeId)} then ${members.advisorId} end`;
}

const liveMember = and(isNull(members.erasedAt), isNull(members.mergedIntoId));

async function insertTasks(db: Db, tasks: NewTask[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < tasks.length; i += INSERT_CHUNK) {
    const inserted = await db
      .insert(clientelingTasks)
      .values(tasks.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: clientelingTasks.sourceKey })
      .returning({ id: clientelingTasks.id });
    created += inserted.length;
  }
  return created;
}

export async function generateClientelingTasks(db: Db, options: { now?: Date } = {}): Promise<TaskGenerationResult> {
  const now = options.now ?? new Date();
  const zones = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.active, true))
    .orderBy(asc(stores.id));
  const result: TaskGenerationResult = { careCalls: 0, importantDates: 0, birthdays: 0, dormantCallbacks: 0 };
  for (const store of zones) {
    const today = todayIn(store.timeZone, now);
    result.careCalls += await insertTasks(db, await careCalls(db, store, today));
    const dates = await importantDates(db, store, today);
    result.importantDates += await insertTasks(db, dates.recorded);
    result.birthdays += await insertTasks(db, dates.birthdays);
    result.dormantCallbacks += await insertTasks(db, await dormantCallbacks(db, store, today));
  }
  return result;
}

/**
 * Care calls (佩戴感受): a member's purchase at this store of CARE_CALL_MIN_FEN or more, due
 * CARE_CALL_AFTER_DAYS after its local day, created once it is due by tomorrow and while it is
 * overdue by at most CARE_CALL_MAX_OVERDUE_DAYS. Refunds are their own rows pointing at the
 * purchase (negative amounts): what counts is what remains paid after them when the task is
 * created, so a purchase refunded in full, or down below the threshold, gets no call. A refund
 * after the task was created leaves it: the advisor skips it with the reason.
 */
async function careCalls(db: Db, store: StoreZone, today: string): Promise<NewTask[]> {
  // Local purchase days whose due day falls in [today − max overdue, today + ahead].
  const firstDay = shiftDay(today, { days: -(CARE_CALL_AFTER_DAYS + CARE_CALL_MAX_OVERDUE_DAYS) });
  const dayAfterLast = shiftDay(today, { days: DUE_AHEAD_DAYS - CARE_CALL_AFTER_DAYS + 1 });
  const refundedFen = sql`coalesce((select sum(r.net_paid_fen) from sales_transactions r
      where r.original_id = ${salesTransactions.id} and r.kind = 'refund'), 0)`;
  const remainingFen = sql<number>`(${salesTransactions.netPaidFen} + ${refundedFen})`.mapWith(Number);
  const purchases = await db
    .select({
      id: salesTransactions.id,
      memberId: members.id,
      occurredAt: salesTransactions.occurredAt,
      remainingFen,
      assigneeId: assigneeSql(sql`${salesTransactions.storeId}`),
    })
    .from(salesTransactions)
    .innerJoin(members, eq(members.id, salesTransactions.memberId))
    .where(
      and(
        eq(salesTransactions.storeId, store.id),
        eq(salesTransactions.kind, "purchase"),
        gte(salesTransactions.occurredAt, startOfLocalDay(firstDay, store.timeZone)),
        lt(salesTransactions.occurredAt, startOfLocalDay(dayAfterLast, store.timeZone)),
        gte(salesTransactions.netPaidFen, CARE_CALL_MIN_FEN),
        sql`${remainingFen} >= ${CARE_CALL_MIN_FEN}`,
        liveMember,
        sql`not exists (select 1 from clienteling_tasks ct where ct.source_key = 'care_call:' || ${salesTransactions.id}::text)`,
      ),
    );
  if (purchases.length === 0) return [];

  const items = new Map<string, string[]>();
  const lines = await db
    .select({ transactionId: salesTransactionLines.transactionId, name: salesTransactionLines.name })
    .from(salesTransactionLines)
    .where(
      and(
        inArray(
          salesTransactionLines.transactionId,
          purchases.map((p) => p.id),
        ),
        gt(salesTransactionLines.quantity, 0),
      ),
    )
    .orderBy(asc(salesTransactionLines.transactionId), asc(salesTransactionLines.lineNo));
  for (const line of lines) {
    const names = items.get(line.transactionId) ?? [];
    if (names.length < CARE_CALL_ITEMS && !names.includes(line.name)) names.push(line.name);
    items.set(line.transactionId, names);
  }

  return purchases.map((p) => {
    const purchasedOn = localDate(p.occurredAt, store.timeZone);
    const details: CareCallDetails = {
      transactionId: p.id,
      amountFen: p.remainingFen,
      purchasedOn,
      items: items.get(p.id) ?? [],
    };
    return {
      storeId: store.id,
      memberId: p.memberId,
      assigneeId: p.assigneeId,
      kind: "care_call" as const,
      sourceKey: `care_call:${p.id}`,
      dueOn: shiftDay(purchasedOn, { days: CARE_CALL_AFTER_DAYS }),
      details,
    };
  });
}

/**
 * The days an important date may recur on for its task to be due by tomorrow: today up to
 * IMPORTANT_DATE_AHEAD_DAYS + DUE_AHEAD_DAYS ahead, each with its month-day. A 29 February date
 * recurs on 28 February in a common year (as date-fns and PostgreSQL add years).
 */
function occurrenceWindow(today: string): { monthDay: string; day: string }[] {
  const window: { monthDay: string; day: string }[] = [];
  for (let i = 0; i <= IMPORTANT_DATE_AHEAD_DAYS + DUE_AHEAD_DAYS; i++) {
    const day = shiftDay(today, { days: i });
    window.push({ monthDay: day.slice(5), day });
    if (day.slice(5) === "02-28" && shiftDay(day, { days: 1 }).slice(5) === "03-01") {
      window.push({ monthDay: "02-29", day });
    }
  }
  return window;
}

/**
 * Important dates (member_important_dates: anniversaries, a partner's or child's birthday…) and the
 * member's own birthday recur every year on their month-day. Each occurrence gets one task, due
 * IMPORTANT_DATE_AHEAD_DAYS before it, created once it is due by tomorrow (a date recorded later
 * than that gets its task at once, already overdue) and never for a day before the recorded one.
 * The year in the source key makes it once a year. At the member's home store.
 */
async function importantDates(
  db: Db,
  store: StoreZone,
  today: string,
): Promise<{ recorded: NewTask[]; birthdays: NewTask[] }> {
  const window = sql.join(
    occurrenceWindow(today).map((w) => sql`(${w.monthDay}::text, ${w.day}::date)`),
    sql`, `,
  );
  const assignee = advisorServesStoreSql(sql`m.advisor_id`, sql`m.home_store_id`);
  const recordedRows = await db.execute(sql`
      select d.id, d.member_id, d.kind::text as kind, d.label, d.date::text as date, w.day::text as occurs_on,
             case when ${assignee} then m.advisor_id end as assignee_id
        from member_important_dates d
        join members m on m.id = d.member_id
        join (values ${window}) as w(month_day, day) on to_char(d.date, 'MM-DD') = w.month_day
       where m.home_store_id = ${store.id} and m.erased_at is null and m.merged_into_id is null
         and w.day >= d.date
         and not exists (select 1 from clienteling_tasks ct
                          where ct.source_key = 'important_date:' || d.id::text || ':' || to_char(w.day, 'YYYY'))`);
  const birthdayRows = await db.execute(sql`
      select m.id as member_id, m.birthday::text as date, w.day::text as occurs_on,
             case when ${assignee} then m.advisor_id end as assignee_id
        from members m
        join (values ${window}) as w(month_day, day) on to_char(m.birthday, 'MM-DD') = w.month_day
       where m.home_store_id = ${store.id} and m.erased_at is null and m.merged_into_id is null
         and w.day > m.birthday
         and not exists (select 1 from clienteling_tasks ct
                          where ct.source_key = 'birthday:' || m.id::text || ':' || to_char(w.day, 'YYYY'))`);
  type DateRow = {
    id?: string;
    member_id: string;
    kind?: ImportantDateDetails["dateKind"];
    label?: string | null;
    date: string;
    occurs_on: string;
    assignee_id: string | null;
  };
  const task = (row: DateRow, sourceKey: string, details: ImportantDateDetails): NewTask => ({
    storeId: store.id,
    memberId: row.member_id,
    assigneeId: row.assignee_id,
    kind: "important_date",
    sourceKey,
    dueOn: shiftDay(row.occurs_on, { days: -IMPORTANT_DATE_AHEAD_DAYS }),
    details,
  });
  return {
    recorded: rowsOf<DateRow>(recordedRows).map((row) =>
      task(row, `important_date:${row.id}:${row.occurs_on.slice(0, 4)}`, {
        dateKind: row.kind ?? "other",
        label: row.label ?? null,
        date: row.date,
        occursOn: row.occurs_on,
        dateId: row.id ?? null,
      }),
    ),
    birthdays: rowsOf<DateRow>(birthdayRows).map((row) =>
      task(row, `birthday:${row.member_id}:${row.occurs_on.slice(0, 4)}`, {
        dateKind: "birthday",
        label: null,
        date: row.date,
        occursOn: row.occurs_on,
        dateId: null,
      }),
    ),
  };
}

/**
 * Call-backs to dormant clients (沉睡, docs/domain.md#lifecycle-and-rfm-segments), due the day the
 * job finds them, at their home store. Once per dormancy episode: the source key names the
 * member's last purchase day (store-local). An episode only ends with a new purchase, which changes
 * that day, so the key is the same however often (daily, monthly…) the job finds the member
 * dormant — a key with the month they were found would call them again every month — and a client
 * who buys and later turns dormant again gets a new call-back. Turning from dormant to lost keeps
 * the last purchase, so it brings no second call.
 */
async function dormantCallbacks(db: Db, store: StoreZone, today: string): Promise<NewTask[]> {
  const lastPurchaseOn = sql<string>`to_char(max(${salesTransactions.occurredAt}) at time zone ${store.timeZone}, 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      memberId: members.id,
      lastPurchaseOn,
      assigneeId: assigneeSql(sql`${members.homeStoreId}`),
    })
    .from(members)
    .innerJoin(
      salesTransactions,
      and(eq(salesTransactions.memberId, members.id), eq(salesTransactions.kind, "purchase")),
    )
    .where(and(eq(members.homeStoreId, store.id), eq(members.lifecycleStage, "dormant"), liveMember))
    .groupBy(members.id)
    .having(
      sql`not exists (select 1 from clienteling_tasks ct
            where ct.source_key = 'dormant_callback:' || ${members.id}::text || ':' || ${lastPurchaseOn})`,
    );
  return rows.map((row) => {
    const details: DormantCallbackDetails = { lastPurchaseOn: row.lastPurchaseOn };
    return {
      storeId: store.id,
      memberId: row.memberId,
      assigneeId: row.assigneeId,
      kind: "dormant_callback" as const,
      sourceKey: `dormant_callback:${row.memberId}:${row.lastPurchaseOn}`,
      dueOn: today,
      details,
    };
  });
}
