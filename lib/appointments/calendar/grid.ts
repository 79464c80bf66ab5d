/**
 * The calendars' time grid: rows are store-local wall-clock quarters ("HH:mm"), columns are
 * store-local days (one per advisor in the day view, one per weekday in the week view). Pure and
 * free of server imports, so that the queries (grid bounds) and the client grid (cells, blocks)
 * compute the same thing. Calendar and time-zone arithmetic goes through date-fns and lib/time.ts;
 * "HH:mm" strings and minutes of the day are plain arithmetic (the grid does it per quarter).
 */
import { tz } from "@date-fns/tz";
import { format, parse } from "date-fns";
import { WEEKDAYS, type Weekday } from "@/lib/stores/hours";
import { calendarDay, formatIn, localDate, shiftDay, steadyDayStart } from "@/lib/time";

/** One row of the grid. */
export const QUARTER_MIN = 15;
export const MINUTES_PER_DAY = 24 * 60;
/** The grid shown when neither the advisors nor the store have hours that day (a closed day, say). */
export const DEFAULT_GRID: readonly [string, string] = ["10:00", "22:00"];

/** A store-local wall-clock range ["HH:mm", "HH:mm"], as advisor and business hours hold them. */
export type ClockRange = [string, string];
export type Interval = { startsAt: Date; endsAt: Date };

/** Any date: parse() needs one for the fields a pattern leaves out. */
const REFERENCE_MIDNIGHT = new Date(Date.UTC(2000, 0, 3));

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of a wall-clock "HH:mm" ("24:00" is the end of the day; NaN if malformed). */
export function clockMinutes(time: string): number {
  if (time === "24:00") return MINUTES_PER_DAY;
  const match = CLOCK.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "HH:mm" of minutes since midnight; the end of the day is "24:00". */
export function minutesClock(minutes: number): string {
  if (minutes >= MINUTES_PER_DAY) return "24:00";
  const whole = Math.max(0, Math.floor(minutes));
  return `${pad2(Math.floor(whole / 60))}:${pad2(whole % 60)}`;
}

/** The instant of wall-clock `time` ("HH:mm", or "24:00" for the next midnight) on store-local `day`. */
export function localInstant(day: string, time: string, timeZone: string): Date {
  if (time === "24:00") return localInstant(shiftDay(day, { days: 1 }), "00:00", timeZone);
  // A steady day's wall clock is arithmetic from its midnight (lib/time.ts remembers it per day).
  const midnight = steadyDayStart(day, timeZone);
  const minutes = midnight === null ? Number.NaN : clockMinutes(time);
  if (!Number.isNaN(minutes)) return new Date(midnight! + minutes * 60_000);
  return new Date(parse(`${day} ${time}`, "yyyy-MM-dd HH:mm", REFERENCE_MIDNIGHT, { in: tz(timeZone) }).getTime());
}

/**
 * Where `at` falls on store-local `day`, in wall-clock minutes since its midnight: 0 if it is
 * before that day, MINUTES_PER_DAY if after (a visit across midnight is cut at the day's edges).
 */
export function minuteOfDay(at: Date, day: string, timeZone: string): number {
  // A steady day's wall clock is arithmetic from its midnight (lib/time.ts remembers it per day).
  const midnight = steadyDayStart(day, timeZone);
  if (midnight !== null) {
    const minutes = (at.getTime() - midnight) / 60_000;
    return minutes < 0 ? 0 : minutes >= MINUTES_PER_DAY ? MINUTES_PER_DAY : Math.floor(minutes);
  }
  const local = localDate(at, timeZone);
  if (local < day) return 0;
  if (local > day) return MINUTES_PER_DAY;
  return clockMinutes(formatIn(at, "HH:mm", timeZone));
}

/** The weekday of a yyyy-MM-dd calendar date. */
export function weekdayOf(day: string): Weekday {
  // date-fns "i": 1 = Monday … 7 = Sunday
  return WEEKDAYS[Number(format(calendarDay(day), "i")) - 1]!;
}

/** The seven days, Monday to Sunday, of the week holding `day`. */
export function weekDays(day: string): string[] {
  const monday = shiftDay(day, { days: 1 - Number(format(calendarDay(day), "i")) });
  return WEEKDAYS.map((_, i) => shiftDay(monday, { days: i }));
}

const floorQuarter = (minutes: number) => Math.floor(minutes / QUARTER_MIN) * QUARTER_MIN;
const ceilQuarter = (minutes: number) => Math.ceil(minutes / QUARTER_MIN) * QUARTER_MIN;

/**
 * The rows a calendar shows: from the earliest working hour to the latest (the store's opening
 * hours when no advisor works; DEFAULT_GRID when the store is closed too), widened to every visit
 * shown so that none falls off the grid, on whole quarters.
 */
export function gridBounds(input: {
  workingRanges: ClockRange[];
  storeRanges: ClockRange[];
  /** Visits shown, as wall-clock minutes of their day [start, end of buffer). */
  spans: { start: number; end: number }[];
}): { gridStart: string; gridEnd: string } {
  const base = input.workingRanges.length
    ? input.workingRanges
    : input.storeRanges.length
      ? input.storeRanges
      : [[...DEFAULT_GRID] as ClockRange];
  let start = Math.min(...base.map(([open]) => clockMinutes(open)));
  let end = Math.max(...base.map(([, close]) => clockMinutes(close)));
  for (const span of input.spans) {
    start = Math.min(start, span.start);
    end = Math.max(end, span.end);
  }
  start = floorQuarter(start);
  end = Math.min(MINUTES_PER_DAY, Math.max(ceilQuarter(end), start + QUARTER_MIN));
  return { gridStart: minutesClock(start), gridEnd: minutesClock(end) };
}

/** The row starts ("HH:mm") of a grid. */
export function gridRows(gridStart: string, gridEnd: string): { minute: number; clock: string }[] {
  const rows: { minute: number; clock: string }[] = [];
  for (let minute = clockMinutes(gridStart); minute < clockMinutes(gridEnd); minute += QUARTER_MIN) {
    rows.push({ minute, clock: minutesClock(minute) });
  }
  return rows;
}

/**
 * What one quarter of a column is: `closed` (a store closure), `off` (the advisor's time off),
 * `outside` (not working hours), `past` (working, but already begun) or `free` (bookable).
 */
export type CellState = "closed" | "off" | "outside" | "past" | "free";
export type Cell = { minute: number; clock: string; startsAt: Date; state: CellState };

type ColumnInput = {
  day: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  ranges: ClockRange[];
  timeOff: Interval[];
  closures: Interval[];
  now: Date;
};

/**
 * The state of each quarter of one column, from plain arithmetic on instants from the day's
 * midnight (time-zone work twice per quarter only on a day with a daylight-saving change), so that
 * a day of thirty advisors costs no time-zone work per quarter.
 */
function columnQuarters(input: ColumnInput) {
  const ranges = input.ranges.map(([open, close]) => [clockMinutes(open), clockMinutes(close)] as const);
  const midnight = steadyDayStart(input.day, input.timeZone);
  const instantOf = (minute: number) =>
    midnight !== null
      ? midnight + minute * 60_000
      : localInstant(input.day, minutesClock(minute), input.timeZone).getTime();
  const spans = (intervals: Interval[]) => intervals.map((i) => [i.startsAt.getTime(), i.endsAt.getTime()] as const);
  const closures = spans(input.closures);
  const timeOff = spans(input.timeOff);
  const now = input.now.getTime();
  // Half-open overlap, as date-fns areIntervalsOverlapping; a wall-clock quarter skipped by a
  // daylight-saving change (end not after start) touches nothing.
  const touches = (list: (readonly [number, number])[], start: number, end: number) => {
    if (end <= start) return false;
    for (const [from, to] of list) if (start < to && from < end) return true;
    return false;
  };
  const working = (minute: number) => {
    for (const [open, close] of ranges) if (open <= minute && minute + QUARTER_MIN <= close) return true;
    return false;
  };
  const stateAt = (minute: number, start: number): CellState => {
    const end = instantOf(minute + QUARTER_MIN);
    if (touches(closures, start, end)) return "closed";
    if (touches(timeOff, start, end)) return "off";
    if (!working(minute)) return "outside";
    return start < now ? "past" : "free";
  };
  return { first: clockMinutes(input.gridStart), end: clockMinutes(input.gridEnd), instantOf, stateAt };
}

/** The quarters of one column: one store-local day of one advisor. */
export function columnCells(input: ColumnInput): Cell[] {
  const { instantOf, stateAt } = columnQuarters(input);
  return gridRows(input.gridStart, input.gridEnd).map(({ minute, clock }) => {
    const start = instantOf(minute);
    return { minute, clock, startsAt: new Date(start), state: stateAt(minute, start) };
  });
}

/** A run of consecutive quarters of one state: what the grid draws as one block. */
export type CellRun = { state: CellState; row: number; rows: number; first: Cell; last: Cell };

/** The cells of a column grouped into runs of the same state, top to bottom. */
export function cellRuns(cells: Cell[]): CellRun[] {
  const runs: CellRun[] = [];
  cells.forEach((cell, row) => {
    const run = runs.at(-1);
    if (run && run.state === cell.state) {
      run.rows++;
      run.last = cell;
    } else runs.push({ state: cell.state, row, rows: 1, first: cell, last: cell });
  });
  return runs;
}

/**
 * cellRuns(columnCells(input)) without a cell per quarter: what the grid draws, computed for 30
 * columns on every request, allocates only at the runs' ends.
 */
export function columnRuns(input: ColumnInput): CellRun[] {
  const { first, end, instantOf, stateAt } = columnQuarters(input);
  const cell = (minute: number, start: number, state: CellState): Cell => ({
    minute,
    clock: minutesClock(minute),
    startsAt: new Date(start),
    state,
  });
  const runs: CellRun[] = [];
  // The run being extended; its last cell is made when it ends.
  let run: (Omit<CellRun, "last"> & { lastMinute: number; lastStart: number }) | undefined;
  const finish = () => {
    if (!run) return;
    const { lastMinute, lastStart, ...done } = run;
    runs.push({
      ...done,
      last: lastMinute === done.first.minute ? done.first : cell(lastMinute, lastStart, done.state),
    });
  };
  for (let minute = first, row = 0; minute < end; minute += QUARTER_MIN, row++) {
    const start = instantOf(minute);
    const state = stateAt(minute, start);
    if (run?.state === state) {
      run.rows++;
      run.lastMinute = minute;
      run.lastStart = start;
    } else {
      finish();
      run = { state, row, rows: 1, first: cell(minute, start, state), lastMinute: minute, lastStart: start };
    }
  }
  finish();
  return runs;
}

/** Where a visit sits in a column, in rows from the grid's top (fractions for visits off the quarter). */
export type BlockPlacement = { top: number; visitRows: number; bufferRows: number; lane: number; lanes: number };

/**
 * The placement of each visit of one column; visits that overlap (a cancelled one under its
 * replacement, when cancelled visits are shown) share the width in lanes.
 */
export function placeBlocks<T extends { startsAt: Date; endsAt: Date; blockedUntil: Date }>(
  visits: T[],
  input: { day: string; timeZone: string; gridStart: string; gridEnd: string },
): { visit: T; placement: BlockPlacement }[] {
  const top = clockMinutes(input.gridStart);
  const bottom = clockMinutes(input.gridEnd);
  const clip = (minute: number) => Math.min(bottom, Math.max(top, minute));
  const placed = visits
    .map((visit) => {
      const start = clip(minuteOfDay(visit.startsAt, input.day, input.timeZone));
      const end = clip(minuteOfDay(visit.endsAt, input.day, input.timeZone));
      const blocked = clip(minuteOfDay(visit.blockedUntil, input.day, input.timeZone));
      return { visit, start, end: Math.max(end, start), blocked: Math.max(blocked, end, start) };
    })
    .filter((p) => p.blocked > p.start)
    .sort((a, b) => a.start - b.start || b.blocked - a.blocked);

  // Greedy lanes within each cluster of overlapping visits.
  const result: { visit: T; placement: BlockPlacement }[] = [];
  let cluster: { item: (typeof placed)[number]; lane: number }[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -1;
  const flush = () => {
    for (const { item, lane } of cluster) {
      result.push({
        visit: item.visit,
        placement: {
          top: (item.start - top) / QUARTER_MIN,
          visitRows: (item.end - item.start) / QUARTER_MIN,
          bufferRows: (item.blocked - item.end) / QUARTER_MIN,
          lane,
          lanes: laneEnds.length,
        },
      });
    }
    cluster = [];
    laneEnds = [];
  };
  for (const item of placed) {
    if (item.start >= clusterEnd) flush();
    let lane = laneEnds.findIndex((end) => end <= item.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.blocked);
    } else laneEnds[lane] = item.blocked;
    cluster.push({ item, lane });
    clusterEnd = Math.max(clusterEnd, item.blocked);
  }
  flush();
  return result;
}
