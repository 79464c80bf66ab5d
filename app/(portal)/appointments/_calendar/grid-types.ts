/**
 * The calendar grid's data as the server sends it to the browser (grid-data.ts → calendar-grid.tsx):
 * rows of numbers and short strings, no instants to convert and no names to mask in the browser.
 * Rows are quarters of an hour from the grid's first one.
 */

/** What a run of quarters of a column is (lib/appointments/calendar/grid.ts CellState), by index. */
export const GRID_RUN_STATES = ["free", "past", "outside", "off", "closed"] as const;

/**
 * A run of quarters of one state: [first row, rows, state index] and, for a free run the viewer
 * may book, the instant (epoch ms) of its first quarter (the next ones follow every 15 minutes).
 */
export type GridRun = [row: number, rows: number, state: number, bookAt?: number];

/**
 * A visit: its id, where it sits in rows (fractions for visits off the quarter), its lane among
 * overlapping visits, its status (index in APPOINTMENT_STATUSES), its start and end as the store's
 * wall clock, the member's masked name and what it is (type, room) in the viewer's language.
 */
export type GridVisit = [
  id: string,
  top: number,
  visitRows: number,
  bufferRows: number,
  lane: number,
  lanes: number,
  status: number,
  start: string,
  end: string,
  maskedName: string,
  what: string,
];

export type GridColumnData = {
  key: string;
  title: string;
  subtitle: string;
  /** Where the header leads (the advisor's week, or the day's view). */
  href: string | null;
  /** The store-local day of the column and its advisor: what a free quarter's booking link prefills. */
  day: string;
  advisorId: string;
  advisorName: string;
  /** The column is today: the current time is drawn across it. */
  today: boolean;
  runs: GridRun[];
  visits: GridVisit[];
};

export type GridData = {
  storeId: string;
  /** The grid's first row, in minutes since the store-local midnight. */
  start: number;
  rows: number;
  /** Where the current time falls, in rows; null when outside the grid. */
  nowRow: number | null;
  canBook: boolean;
  columns: GridColumnData[];
};

/** GridData as JSON text (calendarGridData writes it, CalendarGrid reads it). */
export type GridJson = string & { readonly __gridJson: never };
