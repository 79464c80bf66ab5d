import { describe, expect, it } from "vitest";
import { CHART_COLOURS, formatChartTick, formatChartValue, seriesColour, type ChartSeries } from "./chart-values";

describe("chart values", () => {
  it("formats money from fen, counts and shares in both languages", () => {
    expect(formatChartValue(123450, "fen", "zh-CN")).toBe("¥1,234.50");
    expect(formatChartValue(123450, "fen", "en")).toBe("¥1,234.50");
    expect(formatChartValue(1234, "count", "en")).toBe("1,234");
    expect(formatChartValue(0.125, "share", "en")).toBe("12.5%");
    expect(formatChartValue(null, "count", "zh-CN")).toBe("—");
  });

  it("shortens axis ticks: 万 in Chinese, K in English, money in yuan", () => {
    expect(formatChartTick(1_200_000, "fen", "zh-CN")).toBe("¥1.2万");
    expect(formatChartTick(1_200_000, "fen", "en")).toBe("¥12K");
    expect(formatChartTick(15_000, "count", "zh-CN")).toBe("1.5万");
    expect(formatChartTick(0.4, "share", "en")).toBe("40%");
  });

  it("gives a previous period's series the colour of the current series before it", () => {
    const series: ChartSeries[] = [
      { label: "members", values: [] },
      { label: "members, previous", values: [], previous: true },
      { label: "non-members", values: [] },
      { label: "non-members, previous", values: [], previous: true },
    ];
    expect(series.map((_, i) => seriesColour(series, i))).toEqual([
      CHART_COLOURS[0],
      CHART_COLOURS[0],
      CHART_COLOURS[1],
      CHART_COLOURS[1],
    ]);
  });
});
