import "server-only";
import {
  clockMinutes,
  columnRuns,
  minuteOfDay,
  placeBlocks,
  QUARTER_MIN,
  type ClockRange,
  type Interval,
} from "@/lib/appointments/calendar/grid";
import type { CalendarAppointment, CalendarClosure } from "@/lib/appointments/calendar/queries";
import { APPOINTMENT_STATUSES } from "@/lib/appointments/calendar/schemas";
import { dateTimeFormat } from "@/lib/i18n/date-format";
import { localDate } from "@/lib/time";
import {
  GRID_RUN_STATES,
  type GridColumnData,
  type GridData,
  type GridJson,
  type GridRun,
  type GridView,
  type GridVisit,
} from "./grid-types";

/**
 * One column of the grid, as the pages describe it: one advisor on one store-local day (id: the
 * advisor's in the day view, the day in the week view; GridColumnData).
 */
export type GridColumn = {
  id: string;
  title: string;
  subtitle?: string;
  day: string;
  ranges: ClockRange[];
  timeOff: Interval[];
  appointments: CalendarAppointment[];
};

/**
 * What the browser needs to draw the calendar grid (calendar-grid.tsx), worked out on the server:
 * every time as a row of the grid (a quarter of an hour), every state and placement decided here
 * (working hours, time off, closures, the past, lanes of overlapping visits), every text the
 * visits show already in the viewer's language with the member's name masked (queries.ts). The
 * browser only turns rows into pixels and words into links: a day of 30 advisors travels as some
 * 20 KB of numbers and short strings instead of some 600 elements written into both the HTML and
 * the RSC payload on every request. It travels as one JSON string: React's payload then holds one
 * value for the whole grid instead of thousands, each of which it would walk and encode. What every
 * column shares (the day or the advisor, the header links) is said once or built in the browser.
 */
export function calendarGridData(input: {
  /** The day view (advisors as columns) or an advisor's week (days as columns). */
  view: GridView;
  columns: GridColumn[];
  /** Cancelled visits are shown. */
  cancelled: boolean;
  storeId: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  closures: CalendarClosure[];
  /** The staff member may book (appointments.book): free quarters link to the booking page. */
  canBook: boolean;
  /** The server's clock when the page is rendered. */
  now: Date;
  locale: string;
}): GridJson {
  const { view, columns, cancelled, storeId, timeZone, gridStart, gridEnd, closures, canBook, now, locale } = input;
  const start = clockMinutes(gridStart);
  const rows = (clockMinutes(gridEnd) - start) / QUARTER_MIN;
  const today = localDate(now, timeZone);
  const nowRow = (minuteOfDay(now, today, timeZone) - start) / QUARTER_MIN;
  const clock = clockFormat(locale, timeZone);
  const statusIndex = Object.fromEntries(APPOINTMENT_STATUSES.map((status, i) => [status, i])) as Record<
    CalendarAppointment["status"],
    number
  >;
  const stateIndex = Object.fromEntries(GRID_RUN_STATES.map((state, i) => [state, i])) as Record<
    (typeof GRID_RUN_STATES)[number],
    number
  >;
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const textOf = (text: string) => {
    let index = textIndex.get(text);
    if (index === undefined) textIndex.set(text, (index = texts.push(text) - 1));
    return index;
  };

  const columnData = columns.map((column): GridColumnData => {
    const runs: GridRun[] = [];
    for (const run of columnRuns({
      day: column.day,
      timeZone,
      gridStart,
      gridEnd,
      ranges: column.ranges,
      timeOff: column.timeOff,
      closures,
      now,
    })) {
      if (run.state === "free") {
        // Free and not bookable by this viewer: the column's own white is all there is to draw.
        if (canBook) runs.push([run.row, run.rows, stateIndex.free, run.first.startsAt.getTime()]);
      } else runs.push([run.row, run.rows, stateIndex[run.state]]);
    }
    const visits = placeBlocks(column.appointments, { day: column.day, timeZone, gridStart, gridEnd }).map(
      ({ visit, placement }): GridVisit => {
        const typeName = locale === "en" ? visit.typeNameEn : visit.typeNameZh;
        const room = locale === "en" && visit.roomNameEn ? visit.roomNameEn : visit.roomName;
        return [
          visit.id,
          placement.top,
          placement.visitRows,
          placement.bufferRows,
          placement.lane,
          placement.lanes,
          statusIndex[visit.status],
          clock(visit.startsAt),
          clock(visit.endsAt),
          visit.memberMaskedName,
          textOf(room ? `${typeName} · ${room}` : typeName),
        ];
      },
    );
    return [column.id, column.title, column.subtitle ?? "", runs, visits];
  });

  const data: GridData = {
    ...view,
    storeId,
    cancelled,
    today,
    start,
    rows,
    nowRow: nowRow >= 0 && nowRow <= rows ? nowRow : null,
    canBook,
    texts,
    columns: columnData,
  };
  return JSON.stringify(data) as GridJson;
}

/**
 * "HH:mm" of an instant in the store's zone, in the viewer's locale: one Intl formatter per locale and
 * zone in the process, each instant formatted once per grid (visits start and end on a few dozen
 * distinct quarters).
 */
function clockFormat(locale: string, timeZone: string): (at: Date) => string {
  const format = dateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const formatted = new Map<number, string>();
  return (at) => {
    let text = formatted.get(at.getTime());
    if (text === undefined) {
      text = format.format(at);
      formatted.set(at.getTime(), text);
    }
    return text;
  };
}
