/** One value of a series at a time (milliseconds since the epoch). */
export interface TimeSeriesPoint {
  at: number;
  value: number;
  /** Draw no dot on this point even when the series shows dots. */
  hideDot?: boolean;
}

/** One line of a chart. */
export interface TimeSeries {
  /** In the tooltip, the legend and the data table. */
  name: string;
  points: TimeSeriesPoint[];
  /** A theme colour by default, one per series. */
  colour?: string;
  /** An SVG dash pattern (`'6 4'`), so lines differ by more than colour. */
  dash?: string;
  /** Which points get a dot: none (default), the last, or all. */
  dots?: 'none' | 'last' | 'all';
  /** The legend's text; the name by default. */
  legend?: string;
}

/** A row of the chart: a time and each series' value there (`s0`, `s1`…). */
export type ChartRow = { at: number } & Record<string, number | undefined>;

/** The key of series `index` in a {@link ChartRow}. */
export function seriesKey(index: number): string {
  return `s${index}`;
}

/**
 * The series as rows, one per distinct time, oldest first, as Recharts wants
 * them: a series without a value at a time has none in that row (its line
 * joins its neighbours). Points at invalid times are left out.
 */
export function toRows(series: TimeSeries[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  series.forEach((s, index) => {
    for (const point of s.points) {
      if (!Number.isFinite(point.at) || !Number.isFinite(point.value)) {
        continue;
      }
      const row = rows.get(point.at) ?? { at: point.at };
      row[seriesKey(index)] = point.value;
      rows.set(point.at, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

/**
 * `count` evenly spaced times from `from` to `to` (both included), for the
 * time axis's ticks; one when the range is empty.
 */
export function evenTicks(from: number, to: number, count: number): number[] {
  if (!(to > from) || count < 2) {
    return [from];
  }
  const step = (to - from) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : Math.round(from + step * i),
  );
}
