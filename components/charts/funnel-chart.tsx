"use client";

import { memo, useMemo } from "react";
import { CategoryBarChart } from "./bar-chart";
import { formatChartValue, type ChartData } from "./chart-values";

/**
 * Stages of a funnel (booked → completed → bought) as bars across, each stage's name followed by its
 * share of the first stage, so that the drop between stages reads without a tooltip.
 */
export const FunnelChart = memo(function FunnelChart({
  title,
  description,
  stages,
  label,
  locale,
  hrefs,
  height = 200,
}: {
  title: string;
  description?: string;
  stages: { label: string; count: number }[];
  /** The series' name (e.g. "visits"). */
  label: string;
  locale: string;
  hrefs?: (string | null)[];
  height?: number;
}) {
  const data = useMemo((): ChartData => {
    const first = stages[0]?.count ?? 0;
    return {
      labels: stages.map((stage, i) =>
        i === 0 || first === 0
          ? stage.label
          : `${stage.label} ${formatChartValue(stage.count / first, "share", locale)}`,
      ),
      series: [{ label, values: stages.map((stage) => stage.count) }],
      kind: "count",
      locale,
    };
  }, [stages, label, locale]);
  return <CategoryBarChart title={title} description={description} data={data} hrefs={hrefs} across height={height} />;
});
