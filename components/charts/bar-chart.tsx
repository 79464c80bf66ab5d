"use client";

import { useRouter } from "next/navigation";
import { memo, useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "./chart-figure";
import { formatChartTick, formatChartValue, seriesColour, type ChartData } from "./chart-values";

/**
 * Values by category (a distribution, a comparison): one bar per series and category, the previous
 * period lighter beside the current one, bars across when the category names are long (`across`).
 * With `hrefs`, a click on a category's bar opens the list behind it (the table for screen readers
 * and the page's own links lead there too).
 */
export const CategoryBarChart = memo(function CategoryBarChart({
  title,
  description,
  data,
  hrefs,
  across = false,
  height = 240,
}: {
  title: string;
  description?: string;
  data: ChartData;
  /** Per category, where its bar leads (null: nowhere). */
  hrefs?: (string | null)[];
  across?: boolean;
  height?: number;
}) {
  const router = useRouter();
  const rows = useMemo(
    () =>
      data.labels.map((label, i) => ({
        label,
        href: hrefs?.[i] ?? null,
        ...Object.fromEntries(data.series.map((series, s) => [`s${s}`, series.values[i] ?? null])),
      })),
    [data, hrefs],
  );
  const { kind, locale } = data;
  const valueAxis = {
    tick: { fontSize: 12, fill: "#57534e" },
    tickLine: false,
    axisLine: false,
    tickFormatter: (value: number) => formatChartTick(value, kind, locale),
  };
  const categoryAxis = { dataKey: "label", tick: { fontSize: 12, fill: "#57534e" }, tickLine: false };
  return (
    <ChartFigure title={title} description={description} data={data} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          layout={across ? "vertical" : "horizontal"}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e7e5e4" horizontal={!across} vertical={across} />
          {across ? (
            <>
              <XAxis type="number" {...valueAxis} />
              <YAxis type="category" width={96} {...categoryAxis} />
            </>
          ) : (
            <>
              <XAxis type="category" {...categoryAxis} />
              <YAxis type="number" width={64} {...valueAxis} />
            </>
          )}
          <Tooltip formatter={(value) => formatChartValue(Number(value), kind, locale)} cursor={{ fill: "#f5f5f4" }} />
          {data.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {data.series.map((series, s) => (
            <Bar
              key={s}
              dataKey={`s${s}`}
              name={series.label}
              fill={seriesColour(data.series, s)}
              fillOpacity={series.previous ? 0.45 : 1}
              isAnimationActive={false}
              cursor={hrefs ? "pointer" : undefined}
              onClick={(entry: { payload?: { href?: string | null } }) => {
                const href = entry.payload?.href;
                if (href) router.push(href);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
