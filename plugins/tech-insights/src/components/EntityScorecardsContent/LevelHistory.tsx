import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { LevelChange, ScorecardTrack, TrackResult } from '../../api';
import { formatDate, formatDateTime } from '../../lib/format';
import { shortLevel } from '../../lib/scorecards';

const WIDTH = 600;
const HEIGHT = 120;
const PAD = { left: 64, right: 12, top: 10, bottom: 24 };
/** Changes listed under each chart, newest first. */
const LISTED = 8;

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', maxWidth: WIDTH, height: 'auto', display: 'block' },
  track: { marginBottom: theme.spacing(3) },
}));

/** `up from L1`, `down from L2`, `first recorded`. */
function changeDirection(
  change: LevelChange,
  before: LevelChange | undefined,
): string {
  if (!before) {
    return 'first recorded';
  }
  if (change.level === before.level) {
    return `still L${before.level}`;
  }
  return `${change.level > before.level ? 'up' : 'down'} from L${before.level}`;
}

function newestFirst<T>(items: T[]): T[] {
  return [...items].reverse();
}

function time(iso: string): number {
  return new Date(iso).getTime();
}

/**
 * A track's level over time as a step line (plain SVG): from the first
 * recorded change until now.
 */
function LevelChart(props: {
  track: ScorecardTrack | undefined;
  title: string;
  maxLevel: number;
  changes: LevelChange[];
  now: number;
}) {
  const { track, title, changes, now } = props;
  const classes = useStyles();
  const theme = useTheme();
  const maxLevel = Math.max(1, props.maxLevel, ...changes.map(c => c.level));
  const t0 = time(changes[0].at);
  const t1 = Math.max(now, time(changes[changes.length - 1].at));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) =>
    PAD.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plotW : plotW);
  const y = (level: number) => PAD.top + plotH - (level / maxLevel) * plotH;
  const points: string[] = [];
  changes.forEach((change, index) => {
    const at = x(time(change.at));
    if (index > 0) {
      points.push(`${at.toFixed(1)},${y(changes[index - 1].level).toFixed(1)}`);
    }
    points.push(`${at.toFixed(1)},${y(change.level).toFixed(1)}`);
  });
  const last = changes[changes.length - 1];
  points.push(`${x(t1).toFixed(1)},${y(last.level).toFixed(1)}`);
  const axis = theme.palette.text.secondary;
  const grid = theme.palette.divider;
  const levels = Array.from({ length: maxLevel + 1 }, (_, i) => i);

  return (
    <svg
      className={classes.svg}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${title}: level over time, ${changes
        .map(c => `level ${c.level} on ${formatDate(c.at)}`)
        .join(', ')}`}
    >
      {levels.map(level => (
        <g key={level}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(level)}
            y2={y(level)}
            stroke={grid}
            strokeDasharray={level === 0 ? undefined : '4 4'}
          />
          <text
            x={PAD.left - 6}
            y={y(level) + 4}
            textAnchor="end"
            fontSize={11}
            fill={axis}
          >
            {shortLevel(track, level).split(' · ')[0]}
          </text>
        </g>
      ))}
      <text x={PAD.left} y={HEIGHT - 6} fontSize={11} fill={axis}>
        {formatDate(changes[0].at)}
      </text>
      <text
        x={WIDTH - PAD.right}
        y={HEIGHT - 6}
        fontSize={11}
        fill={axis}
        textAnchor="end"
      >
        today
      </text>
      <polyline
        points={points.join(' ')}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        strokeLinejoin="round"
      />
      {changes.map(change => (
        <circle
          key={`${change.at}-${change.level}`}
          cx={x(time(change.at))}
          cy={y(change.level)}
          r={3}
          fill={theme.palette.primary.main}
        />
      ))}
    </svg>
  );
}

/**
 * "Level history": per track the component's level changes, as a small
 * step chart and a list (newest first).
 */
export function LevelHistory(props: {
  tracks: ScorecardTrack[];
  results: TrackResult[];
  changes: LevelChange[];
  now?: number;
}) {
  const { tracks, results, changes } = props;
  const now = props.now ?? Date.now();
  const classes = useStyles();
  const trackIds = [
    ...results.map(r => r.trackId),
    ...changes.map(c => c.trackId),
  ].filter((id, index, all) => all.indexOf(id) === index);

  if (trackIds.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No level changes recorded yet.
      </Typography>
    );
  }

  return (
    <>
      {trackIds.map(trackId => {
        const track = tracks.find(t => t.id === trackId);
        const title = track?.title ?? trackId;
        const maxLevel =
          results.find(r => r.trackId === trackId)?.maxLevel ??
          track?.levels.length ??
          0;
        const ofTrack = changes
          .filter(c => c.trackId === trackId && !Number.isNaN(time(c.at)))
          .sort((a, b) => time(a.at) - time(b.at));
        return (
          <Box
            key={trackId}
            className={classes.track}
            data-testid={`level-history-${trackId}`}
          >
            <Typography variant="subtitle1" component="h3">
              {title}
            </Typography>
            {ofTrack.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No level changes recorded yet.
              </Typography>
            ) : (
              <>
                <LevelChart
                  track={track}
                  title={title}
                  maxLevel={maxLevel}
                  changes={ofTrack}
                  now={now}
                />
                <List dense aria-label={`Level changes of ${title}`}>
                  {newestFirst(ofTrack)
                    .slice(0, LISTED)
                    .map((change, index) => {
                      const before = ofTrack[ofTrack.length - index - 2];
                      const direction = changeDirection(change, before);
                      return (
                        <ListItem key={`${change.at}-${change.level}`}>
                          <ListItemText
                            primary={`${shortLevel(
                              track,
                              change.level,
                            )} (${direction})`}
                            secondary={formatDateTime(change.at)}
                          />
                        </ListItem>
                      );
                    })}
                </List>
              </>
            )}
          </Box>
        );
      })}
    </>
  );
}
