import type { ReactNode } from "react";
import { formatChartValue, type ChartData } from "./chart-values";

/**
 * A chart with its title, and its numbers as a table for screen readers (the drawing is hidden from
 * them): every chart says in words what it draws. The chart's box has a fixed height, so nothing
 * moves when the drawing arrives in the browser.
 */
export function ChartFigure({
  title,
  description,
  data,
  height,
  children,
}: {
  title: string;
  description?: string;
  data: ChartData;
  height: number;
  children: ReactNode;
}) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-2">
        <span className="block text-sm font-medium text-stone-900">{title}</span>
        {description ? <span className="block text-xs text-stone-500">{description}</span> : null}
      </figcaption>
      <div aria-hidden style={{ height }} className="min-w-0">
        {children}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {data.series.map((series, i) => (
              <th key={i} scope="col">
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.labels.map((label, row) => (
            <tr key={row}>
              <th scope="row">{label}</th>
              {data.series.map((series, i) => (
                <td key={i}>{formatChartValue(series.values[row] ?? null, data.kind, data.locale)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
