"use client";

import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "./chart-figure";
import { formatChartTick, formatChartValue, seriesColour, type ChartData } from "./chart-values";

/**
 * A trend over time: one line per series (the previous period dashed and lighter beside the current
 * one), the value in full under the pointer, the numbers as a table for screen readers. Drawn in the
 * browser; the server sends the box at its height and the table.
 */
export const TrendChart = memo(function TrendChart({
  title,
  description,
  data,
  height = 240,
}: {
  title: string;
  description?: string;
  data: ChartData;
  height?: number;
}) {
  const rows = useMemo(
    () =>
      data.labels.map((label, i) => ({
        label,
        ...Object.fromEntries(data.series.map((series, s) => [`s${s}`, series.values[i] ?? null])),
      })),
    [data],
  );
  const { kind, locale } = data;
  return (
    <ChartFigure title={title} description={description} data={data} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e7e5e4" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#57534e" }} tickLine={false} minTickGap={16} />
          <YAxis
            width={64}
            tick={{ fontSize: 12, fill: "#57534e" }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(value: number) => formatChartTick(value, kind, locale)}
          />
          <Tooltip formatter={(value) => formatChartValue(Number(value), kind, locale)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {data.series.map((series, s) => (
            <Line
              key={s}
              dataKey={`s${s}`}
              name={series.label}
              stroke={seriesColour(data.series, s)}
              strokeOpacity={series.previous ? 0.55 : 1}
              strokeDasharray={series.previous ? "5 4" : undefined}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
