"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { Fragment, memo, useMemo, useSyncExternalStore, type CSSProperties, type MouseEvent } from "react";
import { APPOINTMENT_STATUSES } from "@/lib/appointments/calendar/schemas";
import { appointmentHref, bookingHref, dayHref, weekHref } from "./hrefs";
import styles from "./calendar-grid.module.css";
import { GRID_RUN_STATES, type GridColumnData, type GridData, type GridJson } from "./grid-types";

/** One row (a quarter of an hour): at least 40 px, a comfortable touch target on a tablet (calendar-grid.module.css). */
const ROW_PX = 40;
const QUARTER_MIN = 15;
const QUARTER_MS = QUARTER_MIN * 60_000;

const pad2 = (n: number) => String(n).padStart(2, "0");
/** "HH:mm" of minutes since the store-local midnight ("24:00" at the end of the day). */
const clockOf = (minute: number) =>
  minute >= 24 * 60 ? "24:00" : `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;

const subscribeNothing = () => () => {};

/** A column as the grid draws it: what GridColumnData says and what it shares with the other columns. */
type Column = {
  key: string;
  title: string;
  subtitle: string;
  /** Where the header leads: the advisor's week from the day view, the day from the week view. */
  href: string;
  day: string;
  advisorId: string;
  advisorName: string;
  today: boolean;
  runs: GridColumnData[3];
  visits: GridColumnData[4];
};

function columnsOf(data: GridData): Column[] {
  const { storeId: store, cancelled } = data;
  return data.columns.map(([id, title, subtitle, runs, visits]) => {
    const [day, advisorId, advisorName] =
      data.view === "day" ? [data.day, id, title] : [id, data.advisorId, data.advisorName];
    const href =
      data.view === "day"
        ? weekHref({ store, advisor: id, date: day, cancelled })
        : dayHref({ store, date: id, cancelled });
    return { key: id, title, subtitle, href, day, advisorId, advisorName, today: day === data.today, runs, visits };
  });
}

/**
 * The time grid shared by the day view (advisors as columns) and the week view (days as columns):
 * a 15-minute row per quarter, sticky times on the left and sticky headers on top inside its own
 * scroll area, non-working time greyed, each visit a block with its buffer lighter below it, each
 * free stretch of a column one link to the booking page.
 *
 * The server sends the grid as rows of numbers (grid-data.ts: states, placements, masked names and
 * texts all decided there) and the browser draws it: a day of 30 advisors is some 600 elements,
 * which written by the server went into the HTML and into the RSC payload on every request (most
 * of the page's cost). The server's HTML holds the frame (headers, times, empty columns of their
 * height); the columns' insides are drawn once the page is live.
 *
 * The links are plain <a> (hundreds of next/link instances would each register and prefetch); one
 * click handler navigates client-side for all of them. A free stretch is one link to its first
 * quarter (for the keyboard); under the pointer it follows the quarter hovered, and a click or a
 * tap books that quarter.
 */
export function CalendarGrid({
  json,
  label,
  columnMinWidth = "10rem",
}: {
  /** The grid as grid-data.ts writes it. */
  json: GridJson;
  label: string;
  /** The narrowest a column gets before the grid scrolls sideways (the week's seven days are narrower). */
  columnMinWidth?: string;
}) {
  const router = useRouter();
  const data = useMemo(() => JSON.parse(json) as GridData, [json]);
  const columns = useMemo(() => columnsOf(data), [data]);
  // False on the server and while hydrating, true once the page is live in the browser.
  const live = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const { rows, start } = data;
  // Hour lines fall where the hour starts, wherever the grid starts.
  const linesOffset = -((start % 60) / QUARTER_MIN) * ROW_PX;
  const linesStyle: CSSProperties | undefined = linesOffset ? { backgroundPositionY: `${linesOffset}px` } : undefined;
  // The current time: one line across each stretch of adjacent columns showing today.
  const nowLines: { first: number; span: number }[] = [];
  if (data.nowRow !== null) {
    columns.forEach((column, index) => {
      if (!column.today) return;
      const last = nowLines.at(-1);
      if (last && last.first + last.span === index) last.span++;
      else nowLines.push({ first: index, span: 1 });
    });
  }

  return (
    <section
      aria-label={label}
      aria-busy={!live}
      tabIndex={0}
      className="max-h-[calc(100dvh-15rem)] min-h-[24rem] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200 focus-visible:outline-2 focus-visible:outline-amber-600"
    >
      <div
        role="presentation"
        className="relative grid"
        style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(${columnMinWidth}, 1fr))` }}
        onMouseMove={(event) => {
          const link = bookingLink(event);
          if (link) pointAt(link, quarterAt(link, event.clientY));
        }}
        onMouseOut={(event) => {
          const link = bookingLink(event);
          if (link && !(event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) pointAt(link, 0);
        }}
        onClick={(event) => {
          if (event.defaultPrevented || event.button !== 0) return;
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
          if (!link || link.target || link.origin !== window.location.origin) return;
          // detail 0: a keyboard "click" (Enter) books the stretch's first quarter.
          if (link.dataset.book) pointAt(link, event.detail === 0 ? 0 : quarterAt(link, event.clientY));
          event.preventDefault();
          router.push(link.getAttribute("href")!);
        }}
      >
        <div className={styles.corner} />
        {columns.map((column) => (
          <div key={column.key} className={styles.head}>
            <a href={column.href}>{column.title}</a>
            {column.subtitle ? <span>{column.subtitle}</span> : null}
          </div>
        ))}
        <div className={styles.times} style={linesStyle}>
          {Array.from({ length: rows }, (_, row) => {
            const minute = start + row * QUARTER_MIN;
            return (
              <div key={minute} className={minute % 60 === 0 ? styles.hour : undefined}>
                {clockOf(minute)}
              </div>
            );
          })}
        </div>
        {columns.map((column) => (
          <div key={column.key} className={styles.column} style={{ height: rows * ROW_PX }}>
            {live ? <ColumnInside column={column} data={data} /> : null}
          </div>
        ))}
        <div aria-hidden className={styles.lines} style={{ gridArea: "2 / 2 / 3 / -1", ...linesStyle }} />
        {data.nowRow !== null
          ? nowLines.map(({ first, span }) => (
              <div
                key={first}
                aria-hidden
                className={styles.now}
                style={{ gridArea: `2 / ${first + 2} / 3 / span ${span}`, top: data.nowRow! * ROW_PX }}
              />
            ))
          : null}
      </div>
    </section>
  );
}

/** One column's runs of quarters, then its visits, each with its buffer below it. */
const ColumnInside = memo(function ColumnInside({ column, data }: { column: Column; data: GridData }) {
  const t = useTranslations("appointmentCalendar");
  const { storeId, start, texts } = data;
  return (
    <>
      {column.runs.map(([row, rows, stateIndex, bookAt]) => {
        const state = GRID_RUN_STATES[stateIndex]!;
        const place = { top: row * ROW_PX, height: rows * ROW_PX };
        if (state === "free") {
          const first = start + row * QUARTER_MIN;
          const time = `${clockOf(first)}–${clockOf(first + rows * QUARTER_MIN)}`;
          return (
            <a
              key={row}
              href={bookingHref({
                storeId,
                date: column.day,
                advisorId: column.advisorId,
                startsAt: new Date(bookAt!),
              })}
              aria-label={t("bookAt", { time, advisor: column.advisorName, date: column.day })}
              data-book={bookAt}
              data-minute={first}
              data-quarters={rows}
              data-label={`+ ${clockOf(first)}`}
              className={styles.free}
              style={place}
            />
          );
        }
        const text = state === "off" ? t("timeOff") : state === "closed" ? t("closed") : null;
        return (
          <div key={row} className={`${styles.run} ${styles[state]}`} style={place}>
            {text ? <span>{text}</span> : null}
          </div>
        );
      })}
      {column.visits.map(
        ([id, visitTop, visitRows, bufferRows, lane, lanes, statusIndex, from, to, name, whatIndex]) => {
          const what = texts[whatIndex]!;
          const status = APPOINTMENT_STATUSES[statusIndex]!;
          const statusLabel = t(`status.${status}`);
          const colour = styles[status];
          // Overlapping visits (a cancelled one under its replacement) share the width in lanes.
          const width: CSSProperties =
            lanes > 1 ? { left: `calc(${(lane / lanes) * 100}% + 3px)`, width: `calc(${100 / lanes}% - 6px)` } : {};
          const top = visitTop * ROW_PX;
          return (
            <Fragment key={id}>
              {bufferRows > 0 ? (
                <div
                  aria-hidden
                  className={`${styles.buffer} ${colour}`}
                  style={{ ...width, top: top + visitRows * ROW_PX, height: bufferRows * ROW_PX }}
                />
              ) : null}
              <a
                href={appointmentHref(id)}
                // Its name is what it shows (the status read out even when too short to show it); the title has it all.
                title={`${from}–${to} · ${name} · ${what} · ${statusLabel}`}
                className={`${styles.visit} ${colour}`}
                style={{ ...width, top, height: Math.max(visitRows * ROW_PX, ROW_PX) }}
              >
                <span>{`${from} ${name}`}</span>
                <span>{what}</span>
                <span className={visitRows >= 3 ? styles.status : styles.unseen}>{statusLabel}</span>
              </a>
            </Fragment>
          );
        },
      )}
    </>
  );
});

/** The free stretch under an event: one `a[data-book]` per run of free quarters. */
function bookingLink(event: MouseEvent): HTMLAnchorElement | null {
  return event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-book]") : null;
}

/** The quarter of the stretch under the pointer, 0 for the first. */
function quarterAt(link: HTMLAnchorElement, clientY: number): number {
  const quarters = Number(link.dataset.quarters) || 1;
  const rect = link.getBoundingClientRect();
  const quarter = Math.floor(((clientY - rect.top) / rect.height) * quarters);
  return Math.min(quarters - 1, Math.max(0, quarter));
}

/** Points the stretch's link (href, and the "+ HH:mm" shown on hover) at one of its quarters. */
function pointAt(link: HTMLAnchorElement, quarter: number) {
  if (link.dataset.quarter === String(quarter)) return;
  link.dataset.quarter = String(quarter);
  const url = new URL(link.href);
  url.searchParams.set("startsAt", new Date(Number(link.dataset.book) + quarter * QUARTER_MS).toISOString());
  link.href = `${url.pathname}${url.search}`;
  link.dataset.label = `+ ${clockOf((Number(link.dataset.minute) + quarter * QUARTER_MIN) % (24 * 60))}`;
  link.style.setProperty("--quarter", String(quarter));
}
