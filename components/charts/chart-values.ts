import { formatFen } from "@/lib/money";

/** What a chart's numbers are: money in fen, a count, or a share between 0 and 1. */
export type ChartValueKind = "fen" | "count" | "share";

export type ChartSeries = {
  label: string;
  /** One value per label; null where there is nothing to show (a day not yet over, a store without data). */
  values: (number | null)[];
  /** The previous period: drawn lighter and dashed beside the current one. */
  previous?: boolean;
};

/** The data of a chart, as a server component hands it to a client chart: plain values only. */
export type ChartData = {
  /** The x axis (trend) or the categories (bars, funnel stages), already in the viewer's language. */
  labels: string[];
  series: ChartSeries[];
  kind: ChartValueKind;
  locale: string;
};

// Building an Intl.NumberFormat costs far more than using one; a chart formats every tick and value.
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** A value in full, as a tooltip or the data table shows it: ¥1,234.50, 1,234, 12.5 %. */
export function formatChartValue(value: number | null, kind: ChartValueKind, locale: string): string {
  if (value === null) return "—";
  if (kind === "fen") return formatFen(Math.round(value), locale);
  if (kind === "share") return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A value on an axis, short: ¥1.2万 / ¥12K, 1.2万 / 12K, 40 %. */
export function formatChartTick(value: number, kind: ChartValueKind, locale: string): string {
  if (kind === "share") return numberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value);
  const compact = numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  return kind === "fen" ? `¥${compact.format(value / 100)}` : compact.format(value);
}

/**
 * Colours told apart with every common colour-vision deficiency (Okabe and Ito's palette), each
 * dark enough against white for a line or a bar; the previous period is the same colour, lighter.
 */
export const CHART_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"] as const;

/**
 * The colour of the series at `index`: the current period's series take the colours in turn, and a
 * previous period's series takes the colour of the current series before it (list each previous
 * series right after its current one).
 */
export function seriesColour(series: ChartSeries[], index: number): string {
  const currentSoFar = series.slice(0, index + 1).filter((s) => !s.previous).length;
  return CHART_COLOURS[(Math.max(currentSoFar, 1) - 1) % CHART_COLOURS.length]!;
}
