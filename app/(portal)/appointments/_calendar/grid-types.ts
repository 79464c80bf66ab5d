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
 * wall clock, the member's masked name and what it is (type, room) in the viewer's language, as an
 * index in GridData.texts (a day's visits share a handful of them).
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
  what: number,
];

/**
 * A column: in the store's day view one advisor (id: the advisor's), in an advisor's week one day
 * (id: the store-local date); the header's title and subtitle; its runs and visits. What a column
 * shares with the others (the day, or the advisor) is said once in GridData.
 */
export type GridColumnData = [id: string, title: string, subtitle: string, runs: GridRun[], visits: GridVisit[]];

/** The view the grid belongs to, and what its columns have in common. */
export type GridView =
  | { view: "day"; /** The store-local day every column shows. */ day: string }
  | { view: "week"; /** The advisor every column belongs to. */ advisorId: string; advisorName: string };

export type GridData = GridView & {
  storeId: string;
  /** Cancelled visits are shown: the header links keep showing them. */
  cancelled: boolean;
  /** The store-local date today: the current time is drawn across a column of that day. */
  today: string;
  /** The grid's first row, in minutes since the store-local midnight. */
  start: number;
  rows: number;
  /** Where the current time falls, in rows; null when outside the grid. */
  nowRow: number | null;
  canBook: boolean;
  /** The visits' texts ("type · room"), each once. */
  texts: string[];
  columns: GridColumnData[];
};

/** GridData as JSON text (calendarGridData writes it, CalendarGrid reads it). */
export type GridJson = string & { readonly __gridJson: never };
