import Box from '@material-ui/core/Box';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  type ChartRow,
  type TimeSeries,
  evenTicks,
  seriesKey,
  toRows,
} from './chartData';
import { ChartDataTable } from './ChartDataTable';
import { ChartLegend } from './ChartLegend';
import { useChartColours } from './useChartColours';
import { useElementWidth } from './useElementWidth';

/** Props of {@link TimeSeriesChart}. */
export interface TimeSeriesChartProps {
  series: TimeSeries[];
  /**
   * What the chart shows, with its main values: the chart's accessible name
   * (it has `role="img"`) and its data table's caption.
   */
  label: string;
  /** On the element with `role="img"`. */
  testId?: string;
  /** `step` holds each value until the next one (a level over time). */
  curve?: 'linear' | 'step';
  /** Pixels; the width follows the container up to `maxWidth`. */
  height?: number;
  maxWidth?: number;
  /** The time axis's range; the data's by default. */
  timeDomain?: [number, number];
  /** Time axis ticks. */
  formatTime: (at: number) => string;
  /** Times in the tooltip and the data table; `formatTime` by default. */
  formatTimeLong?: (at: number) => string;
  /** The data table's time column heading. */
  timeHeading?: string;
  valueDomain: [number, number];
  /** Value axis ticks (and grid lines); chosen by Recharts by default. */
  valueTicks?: number[];
  /** Value axis ticks. */
  formatValue: (value: number) => string;
  /** Values in the tooltip and the data table; `formatValue` by default. */
  formatValueLong?: (value: number) => string;
  /** Pixels kept for the value axis's tick labels. */
  valueAxisWidth?: number;
  /** Show a legend below the chart (useful with several series). */
  legend?: boolean;
}

const useStyles = makeStyles({
  root: { width: '100%', position: 'relative' },
});

/** Room per time axis tick label, in pixels. */
const TICK_SPACING = 110;

function dotsAt(s: TimeSeries): Set<number> {
  const shown = s.points.filter(p => !p.hideDot);
  if (s.dots === 'all') {
    return new Set(shown.map(p => p.at));
  }
  if (s.dots === 'last' && shown.length > 0) {
    return new Set([shown[shown.length - 1].at]);
  }
  return new Set();
}

/**
 * A line chart of values over time (Recharts), the one every portal plugin
 * uses: theme colours, formatted axes and tooltip, dashes per series, and a
 * visually hidden data table, so a screen reader (or a test) reads the
 * values the lines draw.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const {
    series,
    label,
    curve = 'linear',
    height = 180,
    maxWidth = 600,
    formatTime,
    formatTimeLong = formatTime,
    formatValue,
    formatValueLong = formatValue,
    valueAxisWidth = 64,
  } = props;
  const classes = useStyles();
  const theme = useTheme();
  const palette = useChartColours();
  const [ref, measured] = useElementWidth(maxWidth);
  const width = Math.min(measured, maxWidth);
  const rows: ChartRow[] = toRows(series);
  const [from, to] = props.timeDomain ?? [
    rows[0]?.at ?? 0,
    rows[rows.length - 1]?.at ?? 0,
  ];
  const tickCount = Math.max(
    2,
    Math.min(6, Math.floor((width - valueAxisWidth) / TICK_SPACING)),
  );
  const axisTick = { fill: theme.palette.text.secondary, fontSize: 11 };
  const colourOf = (s: TimeSeries, index: number) =>
    s.colour ?? palette[index % palette.length];

  return (
    <Box className={classes.root} style={{ maxWidth }}>
      <div ref={ref} role="img" aria-label={label} data-testid={props.testId}>
        <LineChart
          width={width}
          height={height}
          data={rows}
          margin={{ top: 12, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid
            stroke={theme.palette.divider}
            strokeDasharray="4 4"
            vertical={false}
          />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={[from, to]}
            ticks={evenTicks(from, to, tickCount)}
            tickFormatter={formatTime}
            tick={axisTick}
            stroke={theme.palette.divider}
          />
          <YAxis
            type="number"
            domain={props.valueDomain}
            ticks={props.valueTicks}
            allowDecimals={false}
            tickFormatter={formatValue}
            tick={axisTick}
            stroke={theme.palette.divider}
            width={valueAxisWidth}
          />
          <Tooltip
            labelFormatter={at => formatTimeLong(Number(at))}
            formatter={value => formatValueLong(Number(value))}
            contentStyle={{
              background: theme.palette.background.paper,
              borderColor: theme.palette.divider,
              color: theme.palette.text.primary,
            }}
          />
          {series.map((s, index) => {
            const key = seriesKey(index);
            const dots = dotsAt(s);
            const colour = colourOf(s, index);
            return (
              <Line
                key={key}
                dataKey={key}
                name={s.name}
                type={curve === 'step' ? 'stepAfter' : 'linear'}
                stroke={colour}
                strokeWidth={2}
                strokeDasharray={s.dash}
                connectNulls
                isAnimationActive={false}
                dot={(dot: {
                  key?: string;
                  cx?: number;
                  cy?: number;
                  payload?: ChartRow;
                }) =>
                  dot.payload &&
                  dots.has(dot.payload.at) &&
                  dot.payload[key] !== undefined ? (
                    <circle
                      key={dot.key}
                      cx={dot.cx}
                      cy={dot.cy}
                      r={3}
                      fill={colour}
                    />
                  ) : (
                    <g key={dot.key} />
                  )
                }
              />
            );
          })}
        </LineChart>
      </div>
      {props.legend && (
        <ChartLegend
          items={series.map((s, index) => ({
            key: seriesKey(index),
            text: s.legend ?? s.name,
            colour: colourOf(s, index),
            dash: s.dash,
          }))}
        />
      )}
      <ChartDataTable
        caption={label}
        timeHeading={props.timeHeading ?? 'Time'}
        series={series}
        rows={rows}
        formatTime={formatTimeLong}
        formatValue={formatValueLong}
        testId={props.testId && `${props.testId}-data`}
      />
    </Box>
  );
}
