import { useFormatter, useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import {
  clockMinutes,
  columnRuns,
  gridRows,
  minuteOfDay,
  minutesClock,
  placeBlocks,
  QUARTER_MIN,
  type ClockRange,
  type Interval,
} from "@/lib/appointments/calendar/grid";
import type { CalendarAppointment, CalendarClosure } from "@/lib/appointments/calendar/queries";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "@/lib/appointments/calendar/schemas";
import { htmlString, safeHtml, type SafeHtml } from "@/lib/html";
import { localDate } from "@/lib/time";
import { BookingSurface } from "./booking-surface";
import { appointmentHref, bookingHref } from "./hrefs";
import styles from "./calendar-grid.module.css";
import { STATUS_SWATCH } from "./status-style";

/** One row (a quarter of an hour): at least 40 px, a comfortable touch target on a tablet (calendar-grid.module.css). */
const ROW_PX = 40;

/** One column of the grid: one advisor on one store-local day. */
export type GridColumn = {
  key: string;
  title: string;
  subtitle?: string;
  /** Where the header leads (the advisor's week, or the day's view). */
  titleHref?: string;
  day: string;
  advisorId: string;
  advisorName: string;
  ranges: ClockRange[];
  timeOff: Interval[];
  appointments: CalendarAppointment[];
};

type CalendarGridProps = {
  columns: GridColumn[];
  storeId: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  closures: CalendarClosure[];
  /** The staff member may book (appointments.book): free quarters link to the booking page. */
  canBook: boolean;
  /** The server's clock when the page was rendered. */
  now: Date;
  label: string;
  /** The narrowest a column gets before the grid scrolls sideways (the week's seven days are narrower). */
  columnMinWidth?: string;
};

/** The legend's swatches of the grid's backgrounds. */
const CELL_SWATCH: Record<"outside" | "off" | "closed", string> = {
  outside: "bg-stone-100",
  off: "bg-[repeating-linear-gradient(135deg,var(--color-stone-200)_0_6px,var(--color-stone-100)_6px_12px)]",
  closed: "bg-[repeating-linear-gradient(135deg,var(--color-stone-300)_0_6px,var(--color-stone-200)_6px_12px)]",
};

/**
 * The time grid shared by the day view (advisors as columns) and the week view (days as columns):
 * a 15-minute row per quarter, sticky times on the left and sticky headers on top inside its own
 * scroll area, non-working time greyed, each visit a block with its buffer lighter below it.
 * Each column is a few blocks (one per run of quarters of the same state), the free ones links to
 * the booking page; only the quarter under the pointer needs client code (BookingSurface).
 *
 * A day of 30 advisors is some 600 elements. As React elements each would be serialised into the
 * RSC payload, parsed back and rendered to HTML on every request (most of the page's cost), so the
 * grid's inside is written as escaped markup on the server (lib/html.ts) and travels as one
 * string; its classes are in calendar-grid.module.css, and what is the same for every column (the
 * quarter lines, the current time) is drawn once across the columns.
 */
export function CalendarGrid({
  columns,
  storeId,
  timeZone,
  gridStart,
  gridEnd,
  closures,
  canBook,
  now,
  label,
  columnMinWidth = "10rem",
}: CalendarGridProps) {
  const t = useTranslations("appointmentCalendar");
  const locale = useLocale();
  const rows = gridRows(gridStart, gridEnd);
  // Hour lines fall where the hour starts, wherever the grid starts.
  const linesOffset = -((clockMinutes(gridStart) % 60) / QUARTER_MIN) * ROW_PX;
  const linesStyle = linesOffset ? `background-position-y:${linesOffset}px` : "";
  const today = localDate(now, timeZone);
  // Asked once per grid, not once per column or per visit.
  const shared: ColumnContext = {
    storeId,
    timeZone,
    gridStart,
    gridEnd,
    rows: rows.length,
    closures,
    canBook,
    now,
    clock: clockFormat(locale, timeZone),
    statusLabel: Object.fromEntries(APPOINTMENT_STATUSES.map((status) => [status, t(`status.${status}`)])) as Record<
      AppointmentStatus,
      string
    >,
    t,
    locale,
  };
  // The current time: one line across each stretch of adjacent columns showing today.
  const nowRow = (minuteOfDay(now, today, timeZone) - clockMinutes(gridStart)) / QUARTER_MIN;
  const nowLines: { first: number; span: number }[] = [];
  if (nowRow >= 0 && nowRow <= rows.length) {
    columns.forEach((column, index) => {
      if (column.day !== today) return;
      const last = nowLines.at(-1);
      if (last && last.first + last.span === index) last.span++;
      else nowLines.push({ first: index, span: 1 });
    });
  }

  // Row 1 holds the headers, row 2 the times and the columns; the lines and the current time are
  // placed over the columns' grid area.
  const headers = columns.map((column) => {
    const title = column.titleHref
      ? safeHtml`<a href="${column.titleHref}">${column.title}</a>`
      : safeHtml`<span>${column.title}</span>`;
    const subtitle = column.subtitle ? safeHtml`<span>${column.subtitle}</span>` : null;
    return safeHtml`<div class="${styles.head}">${title}${subtitle}</div>`;
  });
  const times = rows.map((row) =>
    row.minute % 60 === 0
      ? safeHtml`<div class="${styles.hour}">${row.clock}</div>`
      : safeHtml`<div>${row.clock}</div>`,
  );
  const lines = safeHtml`<div aria-hidden="true" class="${styles.lines}" style="grid-area:2 / 2 / 3 / -1;${linesStyle}"></div>`;
  const nowMarkup = nowLines.map(
    ({ first, span }) =>
      safeHtml`<div aria-hidden="true" class="${styles.now}" style="grid-area:2 / ${first + 2} / 3 / span ${span};top:${nowRow * ROW_PX}px"></div>`,
  );
  const markup = safeHtml`<div class="${styles.corner}"></div>${headers}<div class="${styles.times}" style="${linesStyle}">${times}</div>${columns.map((column) => columnMarkup(column, shared))}${lines}${nowMarkup}`;

  return (
    <section
      aria-label={label}
      tabIndex={0}
      className="max-h-[calc(100dvh-15rem)] min-h-[24rem] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200 focus-visible:outline-2 focus-visible:outline-amber-600"
    >
      <BookingSurface
        className="relative grid"
        style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(${columnMinWidth}, 1fr))` }}
        markup={htmlString(markup)}
      />
    </section>
  );
}

/**
 * "HH:mm" of an instant in the store's zone, in the viewer's locale: one Intl formatter per grid, each
 * instant formatted once (visits start and end on a few dozen distinct quarters).
 */
function clockFormat(locale: string, timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
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

type ColumnContext = {
  storeId: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  /** The grid's rows (quarters). */
  rows: number;
  closures: CalendarClosure[];
  canBook: boolean;
  now: Date;
  clock: (at: Date) => string;
  statusLabel: Record<AppointmentStatus, string>;
  t: ReturnType<typeof useTranslations<"appointmentCalendar">>;
  locale: string;
};

/** One column: its runs of quarters, then its visits, each with its buffer below it. */
function columnMarkup(column: GridColumn, context: ColumnContext): SafeHtml {
  const { storeId, timeZone, gridStart, gridEnd, closures, canBook, now, clock, statusLabel, t, locale } = context;
  const runs = columnRuns({
    day: column.day,
    timeZone,
    gridStart,
    gridEnd,
    ranges: column.ranges,
    timeOff: column.timeOff,
    closures,
    now,
  });
  const blocks = placeBlocks(column.appointments, { day: column.day, timeZone, gridStart, gridEnd });

  const runMarkup = runs.map((run) => {
    const place = `top:${run.row * ROW_PX}px;height:${run.rows * ROW_PX}px`;
    if (run.state === "free") {
      // Free and not bookable by this viewer: the column's own white is all there is to draw.
      if (!canBook) return null;
      const { first, last } = run;
      const href = bookingHref({ storeId, date: column.day, advisorId: column.advisorId, startsAt: first.startsAt });
      const time = `${first.clock}–${minutesClock(last.minute + QUARTER_MIN)}`;
      const label = t("bookAt", { time, advisor: column.advisorName, date: column.day });
      return safeHtml`<a href="${href}" aria-label="${label}" data-book="${first.startsAt.getTime()}" data-minute="${first.minute}" data-quarters="${run.rows}" data-label="+ ${first.clock}" class="${styles.free}" style="${place}"></a>`;
    }
    const label = run.state === "off" ? t("timeOff") : run.state === "closed" ? t("closed") : null;
    const text = label ? safeHtml`<span>${label}</span>` : null;
    return safeHtml`<div class="${styles.run} ${styles[run.state]}" style="${place}">${text}</div>`;
  });

  const blockMarkup = blocks.map(({ visit, placement }) => {
    const typeName = locale === "en" ? visit.typeNameEn : visit.typeNameZh;
    const room = locale === "en" && visit.roomNameEn ? visit.roomNameEn : visit.roomName;
    const what = room ? `${typeName} · ${room}` : typeName;
    const top = placement.top * ROW_PX;
    const height = Math.max(placement.visitRows * ROW_PX, ROW_PX);
    // Overlapping visits (a cancelled one under its replacement) share the width in lanes.
    const { lane, lanes } = placement;
    const width = lanes > 1 ? `left:calc(${(lane / lanes) * 100}% + 3px);width:calc(${100 / lanes}% - 6px);` : "";
    const start = clock(visit.startsAt);
    const name = visit.memberMaskedName;
    const status = statusLabel[visit.status];
    const colour = styles[visit.status];
    const buffer =
      placement.bufferRows > 0
        ? safeHtml`<div aria-hidden="true" class="${styles.buffer} ${colour}" style="${width}top:${top + placement.visitRows * ROW_PX}px;height:${placement.bufferRows * ROW_PX}px"></div>`
        : null;
    // Its name is what it shows (the status read out even when too short to show it); the title has it all.
    const title = `${start}–${clock(visit.endsAt)} · ${name} · ${what} · ${status}`;
    const statusClass = placement.visitRows >= 3 ? styles.status : styles.unseen;
    return safeHtml`${buffer}<a href="${appointmentHref(visit.id)}" title="${title}" class="${styles.visit} ${colour}" style="${width}top:${top}px;height:${height}px"><span>${start} ${name}</span><span>${what}</span><span class="${statusClass}">${status}</span></a>`;
  });

  return safeHtml`<div class="${styles.column}" style="height:${context.rows * ROW_PX}px">${runMarkup}${blockMarkup}</div>`;
}

/** What the colours mean. */
export function CalendarLegend() {
  const t = useTranslations("appointmentCalendar");
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-xs text-stone-600" aria-label={t("legend")}>
      {APPOINTMENT_STATUSES.map((status) => (
        <li key={status} className="flex items-center gap-1.5">
          <span aria-hidden className={cn("size-3.5 rounded-sm ring-2 ring-inset", STATUS_SWATCH[status])} />
          {t(`status.${status}`)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className="size-3.5 rounded-sm border-l-4 border-dashed border-sky-300 bg-sky-50/60" />
        {t("buffer")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.outside)} />
        {t("outsideHours")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.off)} />
        {t("timeOff")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_SWATCH.closed)} />
        {t("closed")}
      </li>
    </ul>
  );
}

/** The store's closures touching the period shown, with their reasons. */
export function ClosureNotes({ closures, timeZone }: { closures: CalendarClosure[]; timeZone: string }) {
  const t = useTranslations("appointmentCalendar");
  const format = useFormatter();
  if (closures.length === 0) return null;
  return (
    <ul className="mb-3 space-y-1 rounded-md bg-stone-100 px-3 py-2 text-sm text-stone-800">
      {closures.map((closure) => (
        <li key={`${closure.startsAt.toISOString()}-${closure.endsAt.toISOString()}`}>
          {t("closureNote", {
            period: format.dateTimeRange(closure.startsAt, closure.endsAt, {
              dateStyle: "medium",
              timeStyle: "short",
              timeZone,
            }),
            reason: closure.reason || "—",
          })}
        </li>
      ))}
    </ul>
  );
}
