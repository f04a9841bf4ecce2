import Typography from '@material-ui/core/Typography';
import {
  formatDateTime,
  formatNumber,
  TimeSeriesChart,
} from '@internal/backstage-plugin-portal-react';
import type { ReconstitutionProgressSample } from '../../api';

function time(iso: string): number {
  return new Date(iso).getTime();
}

function timeOfDay(at: number): string {
  return formatDateTime(new Date(at).toISOString()).slice(11, 19);
}

/**
 * Confirmed events over time, as a small line chart: from the job's progress
 * samples, on a scale up to `matched`.
 */
export function ProgressChart(props: {
  samples: ReconstitutionProgressSample[];
  matched: number;
}) {
  const { matched } = props;
  const samples = [...props.samples]
    .filter(s => !Number.isNaN(time(s.at)))
    .sort((a, b) => time(a.at) - time(b.at));

  if (samples.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not enough progress samples for a chart yet.
      </Typography>
    );
  }

  const first = samples[0];
  const last = samples[samples.length - 1];
  const yMax = Math.max(1, matched, ...samples.map(s => s.confirmed));

  return (
    <TimeSeriesChart
      testId="progress-chart"
      label={`Confirmed events over time: ${formatNumber(
        first.confirmed,
      )} at ${formatDateTime(first.at)}, ${formatNumber(
        last.confirmed,
      )} at ${formatDateTime(last.at)}, of ${formatNumber(matched)}`}
      series={[
        {
          name: 'Confirmed events',
          points: samples.map(s => ({ at: time(s.at), value: s.confirmed })),
          dots: 'last',
        },
      ]}
      formatTime={timeOfDay}
      formatTimeLong={at => formatDateTime(new Date(at).toISOString())}
      valueDomain={[0, yMax]}
      valueTicks={[0, Math.round(yMax / 2), yMax]}
      formatValue={formatNumber}
    />
  );
}
