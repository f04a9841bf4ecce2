export { TimeSeriesChart } from './TimeSeriesChart';
export type { TimeSeriesChartProps } from './TimeSeriesChart';
export type { TimeSeries, TimeSeriesPoint } from './chartData';
export { useChartColours } from './useChartColours';
