"use client";

import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Fragment, useMemo } from "react";
import { cn } from "@/components/ui/cn";
import {
  clockMinutes,
  columnCells,
  gridRows,
  minuteOfDay,
  placeBlocks,
  QUARTER_MIN,
  type Cell,
  type ClockRange,
  type Interval,
} from "@/lib/appointments/calendar/grid";
import type { CalendarAppointment, CalendarClosure } from "@/lib/appointments/calendar/queries";
import { APPOINTMENT_STATUSES } from "@/lib/appointments/calendar/schemas";
import { localDate } from "@/lib/time";
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
  /** The server's clock when the page was rendered (the same on server and client: no hydration mismatch). */
  now: Date;
  label: string;
  /** The narrowest a column gets before the grid scrolls sideways (the week's seven days are narrower). */
  columnMinWidth?: string;
};

const CELL_STYLE: Record<Cell["state"], string> = {
  free: "bg-white",
  past: "bg-stone-50/60",
  outside: "bg-stone-100",
  off: "bg-[repeating-linear-gradient(135deg,var(--color-stone-200)_0_6px,var(--color-stone-100)_6px_12px)]",
  closed: "bg-[repeating-linear-gradient(135deg,var(--color-stone-300)_0_6px,var(--color-stone-200)_6px_12px)]",
};

/**
 * The time grid shared by the day view (advisors as columns) and the week view (days as columns):
 * a 15-minute row per quarter, sticky times on the left and sticky headers on top inside its own
 * scroll area, non-working time greyed, each visit a block with its buffer lighter below it.
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
  const format = useFormatter();
  const rows = useMemo(() => gridRows(gridStart, gridEnd), [gridStart, gridEnd]);
  const clock = (at: Date) => format.dateTime(at, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });

  return (
    <section
      aria-label={label}
      tabIndex={0}
      className="max-h-[calc(100dvh-15rem)] min-h-[24rem] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200 focus-visible:outline-2 focus-visible:outline-amber-600"
    >
      <div
        className="grid"
        style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(${columnMinWidth}, 1fr))` }}
        role="presentation"
      >
        <div className="sticky top-0 left-0 z-30 border-r border-b border-stone-200 bg-stone-50" />
        {columns.map((column) => (
          <div
            key={column.key}
            className="sticky top-0 z-20 flex min-h-12 flex-col justify-center border-r border-b border-stone-200 bg-stone-50 px-2 py-1"
          >
            {column.titleHref ? (
              <Link
                href={column.titleHref}
                className="truncate text-sm font-semibold text-amber-800 hover:underline"
                prefetch={false}
              >
                {column.title}
              </Link>
            ) : (
              <span className="truncate text-sm font-semibold text-stone-900">{column.title}</span>
            )}
            {column.subtitle ? <span className="truncate text-xs text-stone-500">{column.subtitle}</span> : null}
          </div>
        ))}

        <div className="sticky left-0 z-10 border-r border-stone-200 bg-white">
          {rows.map((row) => (
            <div
              key={row.minute}
              style={{ height: ROW_PX }}
              className={cn(
                "border-b px-1.5 pt-0.5 text-right text-xs tabular-nums",
                row.minute % 60 === 45 ? "border-stone-200" : "border-stone-100",
                row.minute % 60 === 0 ? "font-semibold text-stone-700" : "text-stone-400",
              )}
            >
              {row.clock}
            </div>
          ))}
        </div>

        {columns.map((column) => (
          <GridColumnView
            key={column.key}
            column={column}
            storeId={storeId}
            timeZone={timeZone}
            gridStart={gridStart}
            gridEnd={gridEnd}
            closures={closures}
            canBook={canBook}
            now={now}
            clock={clock}
          />
        ))}
      </div>
    </section>
  );
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
  clock,
}: {
  column: GridColumn;
  storeId: string;
  timeZone: string;
  gridStart: string;
  gridEnd: string;
  closures: CalendarClosure[];
  canBook: boolean;
  now: Date;
  clock: (at: Date) => string;
}) {
  const t = useTranslations("appointmentCalendar");
  const locale = useLocale();
  const cells = useMemo(
    () =>
      columnCells({
        day: column.day,
        timeZone,
        gridStart,
        gridEnd,
        ranges: column.ranges,
        timeOff: column.timeOff,
        closures,
        now,
      }),
    [column.day, column.ranges, column.timeOff, timeZone, gridStart, gridEnd, closures, now],
  );
  const blocks = useMemo(
    () => placeBlocks(column.appointments, { day: column.day, timeZone, gridStart, gridEnd }),
    [column.appointments, column.day, timeZone, gridStart, gridEnd],
  );
  const nowRow =
    localDate(now, timeZone) === column.day
      ? (minuteOfDay(now, column.day, timeZone) - clockMinutes(gridStart)) / QUARTER_MIN
      : null;

  return (
    <div className="relative border-r border-stone-200" style={{ height: cells.length * ROW_PX }}>
      {cells.map((cell, i) => {
        const runStart = i === 0 || cells[i - 1]!.state !== cell.state;
        const className = cn(
          "block border-b",
          cell.minute % 60 === 45 ? "border-stone-200" : "border-stone-100",
          CELL_STYLE[cell.state],
        );
        if (cell.state === "free" && canBook) {
          return (
            <Link
              key={cell.minute}
              href={bookingHref({ storeId, date: column.day, advisorId: column.advisorId, startsAt: cell.startsAt })}
              prefetch={false}
              aria-label={t("bookAt", { time: cell.clock, advisor: column.advisorName, date: column.day })}
              style={{ height: ROW_PX }}
              className={cn(
                className,
                "group px-2 pt-1 text-xs text-amber-800 hover:bg-amber-50 focus-visible:relative focus-visible:z-10 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-amber-600",
              )}
            >
              <span className="opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">+ {cell.clock}</span>
            </Link>
          );
        }
        return (
          <div
            key={cell.minute}
            style={{ height: ROW_PX }}
            className={cn(className, "px-2 pt-1 text-xs text-stone-600")}
          >
            {runStart && (cell.state === "off" || cell.state === "closed") ? (
              <span className="rounded bg-white/80 px-1">{cell.state === "off" ? t("timeOff") : t("closed")}</span>
            ) : null}
          </div>
        );
      })}

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
        const time = `${clock(visit.startsAt)}–${clock(visit.endsAt)}`;
        const status = t(`status.${visit.status}`);
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
            <Link
              href={appointmentHref(visit.id)}
              prefetch={false}
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
                {clock(visit.startsAt)} {visit.memberMaskedName}
              </span>
              <span className="block truncate">
                {typeName}
                {room ? ` · ${room}` : ""}
              </span>
              {placement.visitRows >= 3 ? <span className="block truncate opacity-80">{status}</span> : null}
            </Link>
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
