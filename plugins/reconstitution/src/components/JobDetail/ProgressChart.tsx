import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { ReconstitutionProgressSample } from '../../api';
import { formatDateTime, formatNumber } from '../../lib/format';

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

const useStyles = makeStyles({
  svg: { width: '100%', maxWidth: WIDTH, height: 'auto', display: 'block' },
});

function timeOfDay(iso: string): string {
  return formatDateTime(iso).slice(11, 19);
}

/**
 * Confirmed events over time, as a small line chart (plain SVG): from the
 * job's progress samples, on a scale up to `matched`.
 */
export function ProgressChart(props: {
  samples: ReconstitutionProgressSample[];
  matched: number;
}) {
  const { matched } = props;
  const classes = useStyles();
  const theme = useTheme();
  const samples = [...props.samples]
    .filter(s => !Number.isNaN(new Date(s.at).getTime()))
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());

  if (samples.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not enough progress samples for a chart yet.
      </Typography>
    );
  }

  const t0 = new Date(samples[0].at).getTime();
  const t1 = new Date(samples[samples.length - 1].at).getTime();
  const yMax = Math.max(1, matched, ...samples.map(s => s.confirmed));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: string) =>
    PAD.left +
    (t1 > t0 ? ((new Date(at).getTime() - t0) / (t1 - t0)) * plotW : 0);
  const y = (value: number) => PAD.top + plotH - (value / yMax) * plotH;
  const points = samples
    .map(s => `${x(s.at).toFixed(1)},${y(s.confirmed).toFixed(1)}`)
    .join(' ');
  const last = samples[samples.length - 1];
  const axis = theme.palette.text.secondary;
  const grid = theme.palette.divider;

  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Confirmed events over time: ${formatNumber(
          samples[0].confirmed,
        )} at ${formatDateTime(samples[0].at)}, ${formatNumber(
          last.confirmed,
        )} at ${formatDateTime(last.at)}, of ${formatNumber(matched)}`}
        data-testid="progress-chart"
      >
        {[0, 0.5, 1].map(f => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(yMax * f)}
              y2={y(yMax * f)}
              stroke={grid}
              strokeDasharray={f === 0 ? undefined : '4 4'}
            />
            <text
              x={PAD.left - 6}
              y={y(yMax * f) + 4}
              textAnchor="end"
              fontSize={11}
              fill={axis}
            >
              {formatNumber(Math.round(yMax * f))}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={HEIGHT - 8} fontSize={11} fill={axis}>
          {timeOfDay(samples[0].at)}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 8}
          fontSize={11}
          fill={axis}
          textAnchor="end"
        >
          {timeOfDay(last.at)}
        </text>
        <polyline
          points={points}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          strokeLinejoin="round"
        />
        <circle
          cx={x(last.at)}
          cy={y(last.confirmed)}
          r={3}
          fill={theme.palette.primary.main}
        />
      </svg>
    </Box>
  );
}
