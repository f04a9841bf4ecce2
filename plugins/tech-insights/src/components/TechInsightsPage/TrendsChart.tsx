import Typography from '@material-ui/core/Typography';
import {
  formatDate,
  TimeSeriesChart,
} from '@internal/backstage-plugin-portal-react';
import type { ScorecardTrack, TrendPoint } from '../../api';
import { formatPercent } from '../../lib/format';
import { levelName } from '../../lib/scorecards';

/** Levels are told apart by dash pattern as well as by colour. */
const DASHES = [undefined, '6 4', '2 3', '10 3 2 3'];

function time(day: string): number {
  return new Date(day).getTime();
}

function dayOf(at: number): string {
  return formatDate(new Date(at).toISOString());
}

/**
 * The percentage of components certified per day: a line per level ("L1+"
 * is level 1 or higher), each with its own colour and dashes.
 */
export function TrendsChart(props: {
  points: TrendPoint[];
  track: ScorecardTrack | undefined;
}) {
  const { track } = props;
  const points = props.points
    .filter(p => !Number.isNaN(time(p.day)))
    .sort((a, b) => time(a.day) - time(b.day));

  if (points.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not enough days recorded for a trend yet.
        {points.length === 1 &&
          ` On ${formatDate(points[0].day)}: ${formatPercent(
            points[0].certifiedPercent[0],
          )} certified.`}
      </Typography>
    );
  }

  const levels = Math.max(...points.map(p => p.certifiedPercent.length));
  const first = points[0];
  const last = points[points.length - 1];
  const series = Array.from({ length: levels }, (_, index) => {
    const name = levelName(track, index + 1);
    const label = `L${index + 1}+${name ? ` · ${name}` : ''}`;
    return {
      name: label,
      legend: `${label}: ${formatPercent(last.certifiedPercent[index])}`,
      dash: DASHES[index % DASHES.length],
      points: points
        .filter(p => p.certifiedPercent[index] !== undefined)
        .map(p => ({ at: time(p.day), value: p.certifiedPercent[index] })),
      summary: `${label} ${formatPercent(
        first.certifiedPercent[index],
      )} to ${formatPercent(last.certifiedPercent[index])}`,
    };
  });

  return (
    <TimeSeriesChart
      testId="trends-chart"
      label={`Percentage certified from ${formatDate(
        first.day,
      )} to ${formatDate(last.day)}: ${series.map(s => s.summary).join('; ')}`}
      series={series}
      maxWidth={640}
      height={200}
      valueAxisWidth={44}
      formatTime={dayOf}
      timeHeading="Day"
      valueDomain={[0, 100]}
      valueTicks={[0, 25, 50, 75, 100]}
      formatValue={formatPercent}
      legend
    />
  );
}
