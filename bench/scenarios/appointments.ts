import { addMinutes } from "date-fns";
import { inArray, sql } from "drizzle-orm";
import type autocannon from "autocannon";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import {
  advisorHours,
  advisorTimeOff,
  appointments,
  appointmentTypes,
  staff,
  staffRoles,
  staffStores,
  storeClosures,
  type BusinessHours,
} from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { availabilityFor, loadAvailabilityInput } from "@/lib/appointments/availability/queries";
import { availableSlots } from "@/lib/appointments/availability/slots";
import { clockMinutes, localInstant, weekdayOf } from "@/lib/appointments/calendar/grid";
import { createAppointmentTypeSchema, emptyWeek, workingHoursSchema } from "@/lib/appointments/setup/schemas";
import { createStore } from "@/lib/stores/service";
import { DEFAULT_TIME_ZONE, shiftDay, todayIn } from "@/lib/time";
import { seededRandom } from "@/scripts/seed/demo-data";
import { DEMO_APPOINTMENT_TYPES } from "@/scripts/seed/seed-appointments";
import { BENCH_NAME_CHARS, generateMembers } from "../lib/generate-members";
import { runLoad, type LoadResult } from "../lib/load";
import { cpuPerUnit, sampleCpu } from "../lib/pgbench";
import type { Scenario, ScenarioContext } from "./scenario";

/**
 * Issue #14's benchmark: availability for a store with 30 advisors over 14 days, and the store day
 * calendar, as ratios to the floors: `framework-floor` (/bench/floor: session + staff re-read, issue
 * #14's reference) and `framework-bare` (/bench/bare: the framework alone, issue #13's), both
 * measured inside this scenario right before the pages, the same way, on the same server and data
 * with the same connections.
 */

const STORE = { code: "SH-XTD", name: "新天地旗舰店", nameEn: "Xintiandi Flagship (bench)" } as const;
const ADVISORS = 30;
const DAYS = 14;
/**
 * Visits wanted per working advisor-day (4–6): about 4 get placed, fewer where the hours are short
 * or the types' daily caps bite. The shifts' days off leave some 330 working advisor-days in 14 days.
 */
const VISITS_PER_DAY = { min: 4, max: 6 };
const MEMBERS = 3_000;
/** Passes of the in-process availability measurement over every day × type. */
const IN_PROCESS_PASSES = 5;
/** Issue #14: the store day calendar and availability within this many times the bare framework page's p95 and app CPU. */
const TARGET_RATIO = 2;
/** Far above anything the bench can send, so that the per-key limiter never answers 429. */
const UNLIMITED_PER_MINUTE = 10_000_000;

const range = (open: string, close: string) => ({ open, close });
const week = (days: readonly (keyof BusinessHours)[], ranges: { open: string; close: string }[]): BusinessHours => ({
  ...emptyWeek(),
  ...Object.fromEntries(days.map((day) => [day, ranges])),
});

/** Store hours: 10:00–22:00, to 22:30 on Friday and Saturday (like the demo stores). */
const STORE_HOURS: BusinessHours = {
  ...week(["mon", "tue", "wed", "thu", "sun"], [range("10:00", "22:00")]),
  fri: [range("10:00", "22:30")],
  sat: [range("10:00", "22:30")],
};

/** Advisor week patterns, mostly split shifts; advisor i works SHIFTS[i % SHIFTS.length]. */
const SHIFTS: BusinessHours[] = [
  // Weekday split around lunch, Saturday to six (the demo's morning advisors).
  {
    ...week(["mon", "tue", "wed", "thu", "fri"], [range("10:00", "14:00"), range("15:00", "21:00")]),
    sat: [range("10:00", "18:00")],
  },
  // Noon to closing, Tuesday to Sunday (the demo's late advisors).
  week(["tue", "wed", "thu", "fri", "sat", "sun"], [range("12:00", "21:00")]),
  // Split with a long afternoon break, Wednesday off.
  week(["mon", "tue", "thu", "fri", "sat", "sun"], [range("10:00", "13:30"), range("14:30", "19:00")]),
  // Late split, Thursday to Monday.
  week(["thu", "fri", "sat", "sun", "mon"], [range("11:00", "15:00"), range("16:00", "22:00")]),
  // Three short ranges.
  week(
    ["mon", "wed", "fri", "sat", "sun"],
    [range("10:00", "12:00"), range("13:00", "17:00"), range("18:00", "22:00")],
  ),
  // Weekend-heavy: long days Friday to Sunday, short on Monday and Tuesday.
  {
    ...week(["fri", "sat", "sun"], [range("10:00", "14:30"), range("15:30", "22:00")]),
    mon: [range("14:00", "20:00")],
    tue: [range("14:00", "20:00")],
  },
];

type Minutes = { start: number; end: number };

/** Whole-day time off (advisor index, day offset) and half days (14:00–18:00). */
const DAYS_OFF: [number, number][] = [
  [3, 2],
  [11, 6],
  [19, 9],
];
const HALF_DAYS_OFF: [number, number][] = [
  [5, 4],
  [14, 7],
  [23, 11],
  [27, 12],
];
const HALF_DAY: Minutes = { start: 14 * 60, end: 18 * 60 };
/** The one closure: a private event on day 8, 15:00–18:00. */
const CLOSURE = { day: 8, start: 15 * 60, end: 18 * 60, reason: "品鉴会场地布置" };

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    mean: round(sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length)),
    max: round(sorted.at(-1) ?? 0),
  };
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
const appCpu = (load: LoadResult) => load.cpu.cpuMsPerUnit["app (next-server)"];

type Generated = {
  storeId: string;
  storeCode: string;
  days: string[];
  types: { id: string; code: string }[];
  advisors: { id: string; displayName: string }[];
  rows: Record<string, number>;
  seconds: number;
};

/** A few thousand members to book for: the generated ones when there are some, else 3,000 generated here. */
async function bookableMembers(db: Db, storeId: string): Promise<string[]> {
  const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from members`));
  if (n === 0) await generateMembers(db, MEMBERS, [storeId]);
  return rowsOf<{ id: string }>(
    await db.execute(sql`select id from members where merged_into_id is null order by id limit ${MEMBERS}`),
  ).map((row) => row.id);
}

/**
 * One store, with SQL and drizzle: 30 advisors (staff with the advisor role in the store, no usable
 * password), varied split shifts, the five demo appointment types, some time off and one closure,
 * and about four non-overlapping visits per working advisor-day over 14 store-local days from today
 * (each inside its advisor's hours, clear of time off and the closure, within the types' daily caps).
 */
async function generate(ctx: ScenarioContext): Promise<Generated> {
  const started = performance.now();
  const db = ctx.db;
  const timeZone = DEFAULT_TIME_ZONE;
  const random = seededRandom(14_2026);
  const { id: storeId } = await createStore(db, null, {
    code: STORE.code,
    name: STORE.name,
    nameEn: STORE.nameEn,
    timeZone,
    businessHours: STORE_HOURS,
    active: true,
  });

  await db
    .insert(appointmentTypes)
    .values(DEMO_APPOINTMENT_TYPES.map((type) => createAppointmentTypeSchema.parse(type)))
    .onConflictDoNothing({ target: appointmentTypes.code });
  const typeRows = await db
    .select()
    .from(appointmentTypes)
    .where(
      inArray(
        appointmentTypes.code,
        DEMO_APPOINTMENT_TYPES.map((t) => t.code),
      ),
    )
    .orderBy(appointmentTypes.sortOrder);

  const { surnames, given } = BENCH_NAME_CHARS;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const advisorRows = await db
    .insert(staff)
    .values(
      Array.from({ length: ADVISORS }, (_, i) => ({
        username: `bench-advisor-${String(i + 1).padStart(2, "0")}`,
        displayName: `顾问 ${pick(surnames)}${pick(given)}${pick(given)}`,
        // Not a hash of anything: these accounts never sign in.
        passwordHash: "!bench-no-sign-in",
        mustChangePassword: false,
      })),
    )
    .returning({ id: staff.id, displayName: staff.displayName, username: staff.username });
  advisorRows.sort((a, b) => a.username.localeCompare(b.username));
  await db.insert(staffRoles).values(advisorRows.map((a) => ({ staffId: a.id, role: "advisor" as const })));
  await db.insert(staffStores).values(advisorRows.map((a) => ({ staffId: a.id, storeId })));
  const hoursOf = advisorRows.map((_, i) => workingHoursSchema.parse(SHIFTS[i % SHIFTS.length]!));
  await db
    .insert(advisorHours)
    .values(advisorRows.map((a, i) => ({ staffId: a.id, storeId, hours: hoursOf[i]!, updatedBy: ctx.admin.id })));

  const today = todayIn(timeZone);
  const days = Array.from({ length: DAYS }, (_, d) => shiftDay(today, { days: d }));
  const at = (day: string, minute: number) =>
    localInstant(
      day,
      `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`,
      timeZone,
    );

  const timeOffRows = [
    ...DAYS_OFF.map(([advisor, d]) => ({
      staffId: advisorRows[advisor]!.id,
      startsAt: at(days[d]!, 0),
      endsAt: localInstant(days[d]!, "24:00", timeZone),
      reason: "年假",
    })),
    ...HALF_DAYS_OFF.map(([advisor, d]) => ({
      staffId: advisorRows[advisor]!.id,
      startsAt: at(days[d]!, HALF_DAY.start),
      endsAt: at(days[d]!, HALF_DAY.end),
      reason: "培训",
    })),
  ].map((row) => ({ ...row, createdBy: ctx.admin.id }));
  await db.insert(advisorTimeOff).values(timeOffRows);
  await db.insert(storeClosures).values({
    storeId,
    startsAt: at(days[CLOSURE.day]!, CLOSURE.start),
    endsAt: at(days[CLOSURE.day]!, CLOSURE.end),
    reason: CLOSURE.reason,
    createdBy: ctx.admin.id,
  });

  const memberIds = await bookableMembers(db, storeId);
  const now = new Date();
  const visits: (typeof appointments.$inferInsert)[] = [];
  const overlaps = (a: Minutes, b: Minutes) => a.start < b.end && b.start < a.end;
  for (const [d, day] of days.entries()) {
    for (const [i, advisor] of advisorRows.entries()) {
      if (DAYS_OFF.some(([a, off]) => a === i && off === d)) continue;
      const ranges = hoursOf[i]![weekdayOf(day)].map((r) => ({
        start: clockMinutes(r.open),
        end: clockMinutes(r.close),
      }));
      if (ranges.length === 0) continue;
      const blocked: Minutes[] = [];
      if (HALF_DAYS_OFF.some(([a, off]) => a === i && off === d)) blocked.push(HALF_DAY);
      if (d === CLOSURE.day) blocked.push(CLOSURE);
      const wanted = VISITS_PER_DAY.min + Math.floor(random() * (VISITS_PER_DAY.max - VISITS_PER_DAY.min + 1));
      const perType = new Map<string, number>();
      for (let placed = 0, tries = 0; placed < wanted && tries < 100; tries++) {
        const type = pick(typeRows);
        if (type.dailyCap !== null && (perType.get(type.id) ?? 0) >= type.dailyCap) continue;
        const held = type.durationMin + type.bufferMin;
        const within = pick(ranges);
        const quarters = Math.floor((within.end - within.start - held) / 15);
        if (quarters < 0) continue;
        const start = within.start + 15 * Math.floor(random() * (quarters + 1));
        const span = { start, end: start + held };
        if (blocked.some((b) => overlaps(span, b))) continue;
        blocked.push(span);
        perType.set(type.id, (perType.get(type.id) ?? 0) + 1);
        placed++;
        const startsAt = at(day, start);
        const endsAt = addMinutes(startsAt, type.durationMin);
        const roll = random();
        const status =
          startsAt < now
            ? roll < 0.85
              ? "completed"
              : roll < 0.95
                ? "no_show"
                : "cancelled"
            : roll < 0.8
              ? "confirmed"
              : roll < 0.95
                ? "requested"
                : "cancelled";
        visits.push({
          storeId,
          memberId: pick(memberIds),
          typeId: type.id,
          advisorId: advisor.id,
          // Rooms are not modelled: availability does not read them, the calendar only shows a name.
          roomId: null,
          startsAt,
          endsAt,
          blockedUntil: addMinutes(endsAt, type.bufferMin),
          status,
          source: random() < 0.2 ? "mini_program" : "staff",
          cancelReason: status === "cancelled" ? "会员改期" : null,
          createdBy: ctx.admin.id,
        });
      }
    }
  }
  // The exclusion constraint checks every row: a generator bug fails here, not in the measurement.
  for (let i = 0; i < visits.length; i += 500) await db.insert(appointments).values(visits.slice(i, i + 500));
  for (const table of ["staff", "staff_roles", "staff_stores", "advisor_hours", "advisor_time_off", "store_closures"])
    await db.execute(sql.raw(`analyze ${table}`));
  await db.execute(sql`vacuum analyze appointments`);

  const [counts] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      select (select count(*) from staff)::int as staff,
             (select count(*) from stores)::int as stores,
             (select count(*) from members)::int as members`),
  );
  const statuses: Record<string, number> = {};
  for (const visit of visits) statuses[visit.status!] = (statuses[visit.status!] ?? 0) + 1;
  return {
    storeId,
    storeCode: STORE.code,
    days,
    types: typeRows.map(({ id, code }) => ({ id, code })),
    advisors: advisorRows.map(({ id, displayName }) => ({ id, displayName })),
    rows: {
      ...counts,
      advisors: advisorRows.length,
      appointmentTypes: typeRows.length,
      appointments: visits.length,
      ...Object.fromEntries(Object.entries(statuses).map(([status, n]) => [`appointments_${status}`, n])),
      timeOff: timeOffRows.length,
      closures: 1,
      bookableMembers: memberIds.length,
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/**
 * Measure A (a), in-process: availabilityFor() for every day × type with "any advisor", against the
 * bench database, one call at a time from this process. Wall time and this process's CPU per call
 * (process.cpuUsage: the slot computation plus the postgres.js client, not the PostgreSQL server).
 */
async function availabilityInProcess(db: Db, g: Generated) {
  const questions = g.days.flatMap((date) => g.types.map((type) => ({ date, typeId: type.id, code: type.code })));
  const ask = (q: (typeof questions)[number], now: Date) =>
    availabilityFor(db, { storeId: g.storeId, typeId: q.typeId, date: q.date, advisorId: null, now });
  // One warm-up pass (plan cache, JIT), not counted.
  for (const q of questions) await ask(q, new Date());
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let slots = 0;
  let advisorSlots = 0;
  const cpuBefore = process.cpuUsage();
  const startedAll = performance.now();
  for (let pass = 0; pass < IN_PROCESS_PASSES; pass++) {
    for (const q of questions) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const free = await ask(q, new Date());
      wallMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
      slots += free.length;
      advisorSlots += free.reduce((sum, slot) => sum + slot.advisorIds.length, 0);
    }
  }
  const totalCpu = process.cpuUsage(cpuBefore);
  const calls = wallMs.length;
  const totalSeconds = (performance.now() - startedAll) / 1000;

  // The split: the database read (loadAvailabilityInput) and the pure computation (availableSlots).
  const loadMs: number[] = [];
  const computeMs: number[] = [];
  let bookingsRead = 0;
  for (const q of questions) {
    const started = performance.now();
    const input = await loadAvailabilityInput(db, {
      storeId: g.storeId,
      typeId: q.typeId,
      date: q.date,
      advisorId: null,
      now: new Date(),
    });
    loadMs.push(performance.now() - started);
    bookingsRead += input.bookings.length;
    const computed = performance.now();
    availableSlots(input);
    computeMs.push(performance.now() - computed);
  }
  return {
    what: "In-process, not over HTTP: availabilityFor(db, { storeId, typeId, date, advisorId: null, now }) called from the bench process against the bench database, one call at a time.",
    questions: `${g.days.length} days × ${g.types.length} types, advisorId null (any of the ${g.advisors.length} advisors)`,
    passes: IN_PROCESS_PASSES,
    calls,
    callsPerSecond: Math.round((calls / totalSeconds) * 10) / 10,
    latencyMs: percentiles(wallMs),
    cpuMsPerCall: {
      ...percentiles(cpuMs),
      overall: Math.round(((totalCpu.user + totalCpu.system) / 1000 / calls) * 100) / 100,
      note: "process.cpuUsage of the bench process around each call: slot computation and the postgres.js client; PostgreSQL's own CPU is not included.",
    },
    split: {
      loadAvailabilityInputMs: percentiles(loadMs),
      availableSlotsMs: percentiles(computeMs),
      bookingsReadPerCall: Math.round((bookingsRead / questions.length) * 10) / 10,
    },
    freeStartsPerCall: Math.round((slots / calls) * 10) / 10,
    freeAdvisorStartsPerCall: Math.round((advisorSlots / calls) * 10) / 10,
  };
}

type Tally = { statuses: Record<string, number>; sample: { status: number; body: string } | null };

/** Requests cycling through `paths`, tallying statuses (and keeping the first non-2xx body). */
function cycling(paths: string[], headers: Record<string, string>, tally: Tally): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: "GET",
      path: paths[0]!,
      headers,
      setupRequest(request) {
        const path = paths[next++ % paths.length]!;
        return { ...request, path };
      },
      onResponse(status, body) {
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
        if ((status < 200 || status > 299) && !tally.sample) tally.sample = { status, body: body.slice(0, 2000) };
      },
    },
  ];
}

const APP = "app (next-server)";

/**
 * Waits until the app server is idle (under 0.1 core over half a second): autocannon abandons the
 * requests in flight when a run stops, and the server finishes rendering them, which would be
 * counted against the next measurement. Returns the seconds waited (at most 120).
 */
async function settle(): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    const before = sampleCpu();
    await new Promise((r) => setTimeout(r, 500));
    const after = sampleCpu();
    const cores = ((after.processes[APP] ?? 0) - (before.processes[APP] ?? 0)) / ((after.atMs - before.atMs) / 1000);
    if (cores < 0.1) break;
  }
  return Math.round((performance.now() - started) / 100) / 10;
}

/** The longest a measured run is stretched to (see measureHttp). */
const MAX_LOAD_SECONDS = 90;

/** Fewer completed requests than this many per connection: the loaded CPU per request is dominated by the requests cut off at the end. */
const MIN_COMPLETIONS_PER_CONNECTION = 4;

/**
 * One GET target, measured the same way for the floor and the pages: a few untimed requests, then
 * `sequential` requests one at a time on the idle server (latency and exact CPU per request, no queueing; also the
 * warm-up of caches), then an autocannon warm-up run (discarded), then the measured run with the
 * scenario's connections and duration, stretched (up to MAX_LOAD_SECONDS) when one request takes so
 * long that fewer than MIN_COMPLETIONS_PER_CONNECTION per connection would complete; the server
 * settles before each run and after the last.
 */
async function measureHttp(
  ctx: ScenarioContext,
  paths: string[],
  headers: Record<string, string>,
  sequential: number,
  check?: (path: string, status: number, body: string) => void,
) {
  const wallMs: number[] = [];
  const responseBytes: number[] = [];
  // Untimed first requests: the server's first renders of a route (JIT, module loading) cost more.
  for (const path of Array.from({ length: Math.min(sequential, 20) }, (_, i) => paths[i % paths.length]!))
    await (await fetch(ctx.baseUrl + path, { headers })).arrayBuffer();
  await settle();
  const before = sampleCpu();
  for (let i = 0; i < sequential; i++) {
    const path = paths[i % paths.length]!;
    const started = performance.now();
    const response = await fetch(ctx.baseUrl + path, { headers });
    const body = await response.text();
    wallMs.push(performance.now() - started);
    responseBytes.push(Buffer.byteLength(body));
    if (check) check(path, response.status, body);
    else if (response.status !== 200)
      throw new Error(`GET ${path} answered ${response.status}:\n${body.slice(0, 1000)}`);
  }
  const sequentialCpu = cpuPerUnit(before, sampleCpu(), sequential);

  const tally: Tally = { statuses: {}, sample: null };
  const options = {
    url: ctx.baseUrl + paths[0],
    connections: ctx.connections,
    requests: cycling(paths, headers, tally),
  };
  const settledBeforeWarmup = await settle();
  if (ctx.warmupSeconds > 0) await runLoad({ ...options, durationSeconds: ctx.warmupSeconds });
  const settledAfterWarmup = await settle();
  tally.statuses = {};
  tally.sample = null;
  // Long enough for a few requests per connection to complete, whatever one costs.
  const needed = (MIN_COMPLETIONS_PER_CONNECTION * ctx.connections * percentiles(wallMs).p50 * 1.25) / 1000;
  const durationSeconds = Math.min(MAX_LOAD_SECONDS, Math.max(ctx.durationSeconds, Math.ceil(needed)));
  if (durationSeconds > ctx.durationSeconds)
    console.log(
      `  (${durationSeconds} s instead of ${ctx.durationSeconds} s: one request takes ${percentiles(wallMs).p50} ms)`,
    );
  const load = await runLoad({ ...options, durationSeconds });
  const settledAfterLoad = await settle();
  const sampleError = tally.sample as Tally["sample"];
  if (sampleError) console.log(`  sample non-2xx (HTTP ${sampleError.status}): ${sampleError.body.slice(0, 500)}`);
  return {
    sequential: {
      requests: sequential,
      latencyMs: percentiles(wallMs),
      appCpuMsPerRequest: sequentialCpu.cpuMsPerUnit[APP],
      postgresCpuMsPerRequest: sequentialCpu.cpuMsPerUnit.postgres,
      responseBytes: percentiles(responseBytes),
    },
    load,
    loadCpuReliable: load.requests >= MIN_COMPLETIONS_PER_CONNECTION * ctx.connections,
    statuses: tally.statuses,
    sampleError,
    settleSeconds: { beforeWarmup: settledBeforeWarmup, afterWarmup: settledAfterWarmup, afterLoad: settledAfterLoad },
  };
}

type Measured = Awaited<ReturnType<typeof measureHttp>>;

function logMeasured(label: string, m: Measured) {
  console.log(
    `  ${label}: one at a time p50 ${m.sequential.latencyMs.p50} ms, app CPU ${m.sequential.appCpuMsPerRequest} ms per request; ` +
      `${m.load.connections} connections: ${m.load.requests} requests, ${m.load.throughputPerSecond}/s, p95 ${m.load.latencyMs.p95} ms, app CPU ${appCpu(m.load)} ms per request${m.loadCpuReliable ? "" : " (too few completions to trust)"}`,
  );
}

/**
 * Measure A (b), over HTTP: GET /api/v1/availability (the mini-program's endpoint, a `member_app`
 * key) for every day × type, when the build has that route. The staff booking page asks for slots
 * with a server action (POST), which is not load-tested here.
 */
async function availabilityOverHttp(ctx: ScenarioContext, g: Generated) {
  const key = await ctx.db.transaction((tx) =>
    createApiKey(
      tx,
      { label: "bench" },
      { storeId: g.storeId, name: "bench appointments", kind: "member_app", rateLimitPerMinute: UNLIMITED_PER_MINUTE },
    ),
  );
  const headers = { authorization: `Bearer ${key.key}` };
  const paths = g.days.flatMap((date) =>
    g.types.map(
      (type) => `/api/v1/availability?${new URLSearchParams({ storeCode: g.storeCode, type: type.code, date })}`,
    ),
  );
  const probe = await fetch(ctx.baseUrl + paths[0], { headers });
  const body = await probe.text();
  if (probe.status !== 200) {
    const reason =
      probe.status === 404
        ? "GET /api/v1/availability is not in this build (404)"
        : `GET /api/v1/availability answered ${probe.status}: ${body.slice(0, 500)}`;
    console.log(`  availability over HTTP skipped: ${reason}`);
    return { skipped: reason };
  }
  const measured = await measureHttp(ctx, paths, headers, paths.length);
  return {
    endpoint: "GET /api/v1/availability?storeCode&type&date (member_app key)",
    paths: paths.length,
    ...measured,
  };
}

const appointmentsScenario: Scenario = {
  name: "appointments",
  description: `Issue #14: availability for a store with ${ADVISORS} advisors over ${DAYS} days (in-process availabilityFor, and GET /api/v1/availability when the build has it) and the store day calendar (GET /appointments?store&date, authenticated, cycling through the ${DAYS} days), p95 and app CPU as ratios to the framework-floor page (/bench/floor) and the framework-bare page (/bench/bare), measured in this scenario right before.`,
  async run(ctx) {
    console.log(`  generating one store, ${ADVISORS} advisors, ${DAYS} days of visits…`);
    const g = await generate(ctx);
    console.log(
      `  ${g.rows.appointments} visits, ${g.rows.timeOff} time off, 1 closure, ${g.rows.bookableMembers} members in ${g.seconds} s`,
    );

    console.log(`  availability in-process (${IN_PROCESS_PASSES} passes × ${g.days.length * g.types.length} calls)…`);
    const inProcess = await availabilityInProcess(ctx.db, g);
    console.log(
      `  availabilityFor: p50 ${inProcess.latencyMs.p50} ms, p95 ${inProcess.latencyMs.p95} ms, CPU ${inProcess.cpuMsPerCall.overall} ms per call (bench process), ${inProcess.freeStartsPerCall} free starts per call`,
    );

    console.log(
      `  split: loadAvailabilityInput p50 ${inProcess.split.loadAvailabilityInputMs.p50} ms, availableSlots p50 ${inProcess.split.availableSlotsMs.p50} ms (${inProcess.split.bookingsReadPerCall} bookings read per call)`,
    );

    // The floors, on the same server and data, measured the same way, with the same connections:
    // the bare framework page (no proxy, no session) and ours (session + staff re-read).
    const auth = { cookie: ctx.adminCookie };
    const bare = await measureHttp(ctx, ["/bench/bare"], {}, 40);
    logMeasured("bare (/bench/bare)", bare);
    const floor = await measureHttp(ctx, ["/bench/floor"], auth, 40);
    logMeasured("floor (/bench/floor)", floor);

    // The store day calendar, cycling through the days; every advisor's column must be on the page.
    const dayPaths = g.days.map((date) => `/appointments?${new URLSearchParams({ store: g.storeId, date })}`);
    const calendar = await measureHttp(ctx, dayPaths, auth, dayPaths.length, (path, status, html) => {
      const missing = g.advisors.filter((a) => !html.includes(a.displayName)).length;
      if (status !== 200 || missing > 0)
        throw new Error(
          `GET ${path} answered ${status} with ${missing} of ${g.advisors.length} advisors missing:\n${html.slice(0, 1000)}`,
        );
    });
    logMeasured("store day calendar", calendar);

    const overHttp = await availabilityOverHttp(ctx, g);
    const api = "load" in overHttp ? overHttp : undefined;
    if (api) logMeasured("availability over HTTP", api);

    /** Loaded CPU per request when both runs completed enough requests, else the one-at-a-time figures. */
    const cpuRatio = (page: Measured, reference: Measured) =>
      page.loadCpuReliable && reference.loadCpuReliable
        ? { value: ratio(appCpu(page.load), appCpu(reference.load)), basis: "under load" }
        : {
            value: ratio(page.sequential.appCpuMsPerRequest, reference.sequential.appCpuMsPerRequest),
            basis: "one request at a time (too few requests completed under load)",
          };
    /** p95 under load; with no request completed in the run, p95 is beyond the run's length. */
    const p95Ratio = (page: Measured, reference: Measured) =>
      page.load.requests > 0
        ? { value: ratio(page.load.latencyMs.p95, reference.load.latencyMs.p95), basis: "under load" }
        : {
            value: ratio(page.load.durationSeconds * 1000, reference.load.latencyMs.p95),
            basis: "lower bound: no request completed within the run",
          };
    const compare = (page: Measured) => ({
      p95VsFloor: p95Ratio(page, floor),
      appCpuVsFloor: cpuRatio(page, floor),
      oneAtATimeP50VsFloor: ratio(page.sequential.latencyMs.p50, floor.sequential.latencyMs.p50),
      p95VsBare: p95Ratio(page, bare),
      appCpuVsBare: cpuRatio(page, bare),
      oneAtATimeP50VsBare: ratio(page.sequential.latencyMs.p50, bare.sequential.latencyMs.p50),
    });
    const storeDay = compare(calendar);
    const availability = api ? compare(api) : null;
    const target = (what: string, r: { value: number | undefined; basis: string }, max: number, reference: string) => ({
      target: `${what} ≤ ${max}× ${reference}`,
      ratio: r.value ?? null,
      basis: r.basis,
      met: r.value === undefined ? null : r.value <= max,
    });
    const BARE = "framework-bare's (issue #14)";
    const targets = [
      target("store day calendar p95", storeDay.p95VsBare, TARGET_RATIO, BARE),
      target("store day calendar app CPU per request", storeDay.appCpuVsBare, TARGET_RATIO, BARE),
      ...(availability
        ? [
            target("availability over HTTP (GET /api/v1/availability) p95", availability.p95VsBare, TARGET_RATIO, BARE),
            target("availability over HTTP app CPU per request", availability.appCpuVsBare, TARGET_RATIO, BARE),
          ]
        : []),
    ];
    for (const t of targets) console.log(`  ${t.met ? "met" : "NOT met"}: ${t.target} (${t.ratio}×, ${t.basis})`);

    return {
      scenario: appointmentsScenario.name,
      description: appointmentsScenario.description,
      load: calendar.load,
      rows: { ...ctx.rows, ...g.rows },
      comparison: {
        floor:
          "framework-floor (/bench/floor: an authenticated dynamic page, session + staff re-read) and framework-bare (/bench/bare: no proxy, no session, one query), measured in this scenario right before the pages, the same way",
        floorP95Ms: floor.load.latencyMs.p95,
        floorAppCpuMs: appCpu(floor.load),
        p95VsFloor: storeDay.p95VsFloor.value,
        appCpuVsFloor: storeDay.appCpuVsFloor.value,
        bareMeasured: "in this scenario, right before its pages",
        bareP95Ms: bare.load.latencyMs.p95,
        bareAppCpuMs: appCpu(bare.load),
        p95VsBare: storeDay.p95VsBare.value,
        appCpuVsBare: storeDay.appCpuVsBare.value,
        storeDay,
        availabilityOverHttp: availability,
        targetRatio: TARGET_RATIO,
        targets,
        meetsTargets: targets.every((t) => t.met === true),
      },
      details: {
        store: { code: g.storeCode, id: g.storeId, days: g.days, types: g.types.map((t) => t.code) },
        generation: { seconds: g.seconds, rows: g.rows },
        method:
          "Each HTTP target: a few untimed requests, then requests one at a time on the idle server (latency and exact CPU per request), an autocannon warm-up run (discarded), then the measured run (its durationSeconds stretched when one request is so slow that fewer than 4 per connection would complete); the server is left to finish abandoned requests (settle) before each run and after the last.",
        bare: { path: "/bench/bare", ...bare },
        floor: { path: "/bench/floor", ...floor },
        storeDay: {
          path: "/appointments?store=<id>&date=<day>, the 14 days in turn, signed in as admin",
          ...calendar,
        },
        availabilityInProcess: inProcess,
        availabilityOverHttp: overHttp,
        notLoaded:
          "The staff booking page's slot lookup (bookingSlotsAction) is a server action (POST with a Next-Action id), not a GET: it is not load-tested.",
      },
    };
  },
};

export const appointmentScenarios: Scenario[] = [appointmentsScenario];
