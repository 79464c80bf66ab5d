import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Fragment, type CSSProperties } from "react";
import { cn } from "@/components/ui/cn";
import {
  cellRuns,
  clockMinutes,
  columnCells,
  gridRows,
  minuteOfDay,
  minutesClock,
  placeBlocks,
  QUARTER_MIN,
  type CellState,
  type ClockRange,
  type Interval,
} from "@/lib/appointments/calendar/grid";
import type { CalendarAppointment, CalendarClosure } from "@/lib/appointments/calendar/queries";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "@/lib/appointments/calendar/schemas";
import { localDate } from "@/lib/time";
import { BookingSurface } from "./booking-surface";
import { appointmentHref, bookingHref } from "./hrefs";
import { STATUS_STYLE } from "./status-style";

/** One row (a quarter of an hour): at least 40 px, a comfortable touch target on a tablet. */
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

const CELL_STYLE: Record<CellState, string> = {
  free: "bg-white",
  past: "bg-stone-50/60",
  outside: "bg-stone-100",
  off: "bg-[repeating-linear-gradient(135deg,var(--color-stone-200)_0_6px,var(--color-stone-100)_6px_12px)]",
  closed: "bg-[repeating-linear-gradient(135deg,var(--color-stone-300)_0_6px,var(--color-stone-200)_6px_12px)]",
};

/** The quarter lines of a column or of the times (one background, not a border per quarter): light each quarter, darker each hour. */
const ROW_LINES =
  "bg-[repeating-linear-gradient(to_bottom,transparent_0_159px,var(--color-stone-200)_159px_160px),repeating-linear-gradient(to_bottom,transparent_0_39px,var(--color-stone-100)_39px_40px)]";

/**
 * A free stretch of a column: one link to its first quarter; BookingSurface moves it (and the
 * "+ HH:mm" shown on hover, from data-label) to the quarter under the pointer.
 */
const FREE_LINK =
  "absolute inset-x-0 block bg-white hover:bg-amber-50/40 focus-visible:z-10 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-amber-600 before:absolute before:inset-x-0 before:top-[calc(var(--quarter,0)*40px)] before:hidden before:h-10 before:bg-amber-50 before:px-2 before:pt-1 before:text-xs before:text-amber-800 before:content-[attr(data-label)] hover:before:block focus-visible:before:block";

/**
 * The time grid shared by the day view (advisors as columns) and the week view (days as columns):
 * a 15-minute row per quarter, sticky times on the left and sticky headers on top inside its own
 * scroll area, non-working time greyed, each visit a block with its buffer lighter below it.
 * A server component: each column is a few blocks (one per run of quarters of the same state), the
 * free ones links to the booking page; only the quarter under the pointer needs client code.
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
  const linesStyle = linesOffset ? { backgroundPositionY: linesOffset } : undefined;
  // Asked once per grid, not once per column or per visit: a page of 30 advisors has some 130 visits.
  const shared = {
    storeId,
    timeZone,
    gridStart,
    gridEnd,
    closures,
    canBook,
    now,
    today: localDate(now, timeZone),
    clock: clockFormat(locale, timeZone),
    statusLabel: Object.fromEntries(APPOINTMENT_STATUSES.map((status) => [status, t(`status.${status}`)])) as Record<
      AppointmentStatus,
      string
    >,
    t,
    locale,
    linesStyle,
  };

  return (
    <section
      aria-label={label}
      tabIndex={0}
      className="max-h-[calc(100dvh-15rem)] min-h-[24rem] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200 focus-visible:outline-2 focus-visible:outline-amber-600"
    >
      <BookingSurface
        className="grid"
        style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(${columnMinWidth}, 1fr))` }}
      >
        <div className="sticky top-0 left-0 z-30 border-r border-b border-stone-200 bg-stone-50" />
        {columns.map((column) => (
          <div
            key={column.key}
            className="sticky top-0 z-20 flex min-h-12 flex-col justify-center border-r border-b border-stone-200 bg-stone-50 px-2 py-1"
          >
            {column.titleHref ? (
              <a href={column.titleHref} className="truncate text-sm font-semibold text-amber-800 hover:underline">
                {column.title}
              </a>
            ) : (
              <span className="truncate text-sm font-semibold text-stone-900">{column.title}</span>
            )}
            {column.subtitle ? <span className="truncate text-xs text-stone-500">{column.subtitle}</span> : null}
          </div>
        ))}

        <div
          className={cn(
            "sticky left-0 z-10 border-r border-stone-200 bg-white text-right text-xs text-stone-400 tabular-nums *:h-10 *:px-1.5 *:pt-0.5",
            ROW_LINES,
          )}
          style={linesStyle}
        >
          {rows.map((row) => (
            <div key={row.minute} className={row.minute % 60 === 0 ? "font-semibold text-stone-700" : undefined}>
              {row.clock}
            </div>
          ))}
        </div>

        {columns.map((column) => (
          <GridColumnView key={column.key} column={column} {...shared} />
        ))}
      </BookingSurface>
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

function GridColumnView({
  column,
  storeId,
  timeZone,
  gridStart,
  gridEnd,
  closures,
  canBook,
  now,
  today,
  clock,
  statusLabel,
  t,
  locale,
  linesStyle,
}: {
  column: GridColumn;
  storeId: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  closures: CalendarClosure[];
  canBook: boolean;
  now: Date;
  /** The store-local date of `now`. */
  today: string;
  clock: (at: Date) => string;
  statusLabel: Record<AppointmentStatus, string>;
  t: ReturnType<typeof useTranslations<"appointmentCalendar">>;
  locale: string;
  linesStyle: CSSProperties | undefined;
}) {
  const cells = columnCells({
    day: column.day,
    timeZone,
    gridStart,
    gridEnd,
    ranges: column.ranges,
    timeOff: column.timeOff,
    closures,
    now,
  });
  const runs = cellRuns(cells);
  const blocks = placeBlocks(column.appointments, { day: column.day, timeZone, gridStart, gridEnd });
  const nowRow =
    today === column.day ? (minuteOfDay(now, column.day, timeZone) - clockMinutes(gridStart)) / QUARTER_MIN : null;

  return (
    <div className="relative border-r border-stone-200" style={{ height: cells.length * ROW_PX }}>
      {runs.map((run) => {
        const place = { top: run.row * ROW_PX, height: run.rows * ROW_PX };
        if (run.state === "free" && canBook) {
          const time = `${run.first.clock}–${minutesClock(run.last.minute + QUARTER_MIN)}`;
          return (
            <a
              key={run.row}
              href={bookingHref({
                storeId,
                date: column.day,
                advisorId: column.advisorId,
                startsAt: run.first.startsAt,
              })}
              aria-label={t("bookAt", { time, advisor: column.advisorName, date: column.day })}
              data-book={run.first.startsAt.getTime()}
              data-minute={run.first.minute}
              data-quarters={run.rows}
              data-label={`+ ${run.first.clock}`}
              className={FREE_LINK}
              style={place}
            />
          );
        }
        return (
          <div
            key={run.row}
            className={cn("absolute inset-x-0 px-2 pt-1 text-xs text-stone-600", CELL_STYLE[run.state])}
            style={place}
          >
            {run.state === "off" || run.state === "closed" ? (
              <span className="rounded bg-white/80 px-1">{run.state === "off" ? t("timeOff") : t("closed")}</span>
            ) : null}
          </div>
        );
      })}

      <div aria-hidden className={cn("pointer-events-none absolute inset-0 z-[4]", ROW_LINES)} style={linesStyle} />

      {nowRow !== null && nowRow >= 0 && nowRow <= cells.length ? (
        <div
          aria-hidden
          className="pointer-events-none absolute inset-x-0 z-[5] border-t-2 border-red-500"
          style={{ top: nowRow * ROW_PX }}
        />
      ) : null}

      {blocks.map(({ visit, placement }) => {
        const style = STATUS_STYLE[visit.status];
        const typeName = locale === "en" ? visit.typeNameEn : visit.typeNameZh;
        const room = locale === "en" && visit.roomNameEn ? visit.roomNameEn : visit.roomName;
        const top = placement.top * ROW_PX;
        const height = Math.max(placement.visitRows * ROW_PX, ROW_PX);
        const horizontal = {
          left: `calc(${(placement.lane / placement.lanes) * 100}% + 3px)`,
          width: `calc(${100 / placement.lanes}% - 6px)`,
        };
        const start = clock(visit.startsAt);
        const time = `${start}–${clock(visit.endsAt)}`;
        const status = statusLabel[visit.status];
        return (
          <Fragment key={visit.id}>
            {placement.bufferRows > 0 ? (
              <div
                aria-hidden
                title={t("buffer")}
                className={cn("absolute z-[6] rounded-b-md border-l-4 border-dashed", style.buffer)}
                style={{
                  ...horizontal,
                  top: top + placement.visitRows * ROW_PX,
                  height: placement.bufferRows * ROW_PX,
                }}
              />
            ) : null}
            <a
              href={appointmentHref(visit.id)}
              aria-label={t("openAppointment", { time, member: visit.memberMaskedName, type: typeName, status })}
              title={`${time} · ${visit.memberMaskedName} · ${typeName}${room ? ` · ${room}` : ""} · ${status}`}
              className={cn(
                "absolute z-[7] overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-xs leading-snug shadow-sm",
                "focus-visible:z-20 focus-visible:outline-2 focus-visible:outline-amber-600",
                style.block,
              )}
              style={{ ...horizontal, top, height }}
            >
              <span className="block truncate font-semibold tabular-nums">
                {start} {visit.memberMaskedName}
              </span>
              <span className="block truncate">
                {typeName}
                {room ? ` · ${room}` : ""}
              </span>
              {placement.visitRows >= 3 ? <span className="block truncate opacity-80">{status}</span> : null}
            </a>
          </Fragment>
        );
      })}
    </div>
  );
}

/** What the colours mean. */
export function CalendarLegend() {
  const t = useTranslations("appointmentCalendar");
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-xs text-stone-600" aria-label={t("legend")}>
      {APPOINTMENT_STATUSES.map((status) => (
        <li key={status} className="flex items-center gap-1.5">
          <span aria-hidden className={cn("size-3.5 rounded-sm ring-2 ring-inset", STATUS_STYLE[status].swatch)} />
          {t(`status.${status}`)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_STYLE.outside)} />
        {t("outsideHours")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_STYLE.off)} />
        {t("timeOff")}
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden className={cn("size-3.5 rounded-sm ring-1 ring-stone-300", CELL_STYLE.closed)} />
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
