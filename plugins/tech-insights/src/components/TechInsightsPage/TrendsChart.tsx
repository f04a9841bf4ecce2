import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { ScorecardTrack, TrendPoint } from '../../api';
import { formatDate, formatPercent } from '../../lib/format';
import { levelName } from '../../lib/scorecards';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };
/** Levels are told apart by dash pattern as well as by colour. */
const DASHES = [undefined, '6 4', '2 3', '10 3 2 3'];

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', maxWidth: WIDTH, height: 'auto', display: 'block' },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  legendItem: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

function time(day: string): number {
  return new Date(day).getTime();
}

/**
 * The percentage of components certified per day (plain SVG): a line per
 * level ("L1+" is level 1 or higher), each with its own colour and dashes.
 */
export function TrendsChart(props: {
  points: TrendPoint[];
  track: ScorecardTrack | undefined;
}) {
  const { track } = props;
  const classes = useStyles();
  const theme = useTheme();
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
  const colours = [
    theme.palette.primary.main,
    theme.palette.success.main,
    theme.palette.warning.dark,
    theme.palette.secondary.main,
  ];
  const t0 = time(points[0].day);
  const t1 = time(points[points.length - 1].day);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (day: string) =>
    PAD.left + (t1 > t0 ? ((time(day) - t0) / (t1 - t0)) * plotW : 0);
  const y = (percent: number) =>
    PAD.top + plotH - (Math.max(0, Math.min(100, percent)) / 100) * plotH;
  const axis = theme.palette.text.secondary;
  const grid = theme.palette.divider;
  const last = points[points.length - 1];
  const series = Array.from({ length: levels }, (_, index) => {
    const level = index + 1;
    const name = levelName(track, level);
    return {
      level,
      label: `L${level}+${name ? ` · ${name}` : ''}`,
      colour: colours[index % colours.length],
      dash: DASHES[index % DASHES.length],
      points: points
        .filter(p => p.certifiedPercent[index] !== undefined)
        .map(
          p =>
            `${x(p.day).toFixed(1)},${y(p.certifiedPercent[index]).toFixed(1)}`,
        )
        .join(' '),
    };
  });

  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        data-testid="trends-chart"
        aria-label={`Percentage certified from ${formatDate(
          points[0].day,
        )} to ${formatDate(last.day)}: ${series
          .map(
            s =>
              `${s.label} ${formatPercent(
                points[0].certifiedPercent[s.level - 1],
              )} to ${formatPercent(last.certifiedPercent[s.level - 1])}`,
          )
          .join('; ')}`}
      >
        {[0, 50, 100].map(p => (
          <g key={p}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(p)}
              y2={y(p)}
              stroke={grid}
              strokeDasharray={p === 0 ? undefined : '4 4'}
            />
            <text
              x={PAD.left - 6}
              y={y(p) + 4}
              textAnchor="end"
              fontSize={11}
              fill={axis}
            >
              {p}%
            </text>
          </g>
        ))}
        <text x={PAD.left} y={HEIGHT - 8} fontSize={11} fill={axis}>
          {formatDate(points[0].day)}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 8}
          fontSize={11}
          fill={axis}
          textAnchor="end"
        >
          {formatDate(last.day)}
        </text>
        {series.map(s => (
          <polyline
            key={s.level}
            points={s.points}
            fill="none"
            stroke={s.colour}
            strokeWidth={2}
            strokeDasharray={s.dash}
            strokeLinejoin="round"
          />
        ))}
      </svg>
      <Box className={classes.legend} aria-hidden>
        {series.map(s => (
          <Box key={s.level} className={classes.legendItem}>
            <svg width={28} height={8}>
              <line
                x1={0}
                x2={28}
                y1={4}
                y2={4}
                stroke={s.colour}
                strokeWidth={2}
                strokeDasharray={s.dash}
              />
            </svg>
            <Typography variant="caption">
              {s.label}: {formatPercent(last.certifiedPercent[s.level - 1])}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
