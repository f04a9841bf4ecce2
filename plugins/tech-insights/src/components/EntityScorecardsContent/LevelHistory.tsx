import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  formatDate,
  formatDateTime,
  TimeSeriesChart,
} from '@internal/backstage-plugin-portal-react';
import type { LevelChange, ScorecardTrack, TrackResult } from '../../api';
import { shortLevel } from '../../lib/scorecards';

/** Changes listed under each chart, newest first. */
const LISTED = 8;

const useStyles = makeStyles(theme => ({
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
 * A track's level over time as a step line: from the first recorded change
 * until now.
 */
function LevelChart(props: {
  track: ScorecardTrack | undefined;
  title: string;
  maxLevel: number;
  changes: LevelChange[];
  now: number;
}) {
  const { track, title, changes, now } = props;
  const maxLevel = Math.max(1, props.maxLevel, ...changes.map(c => c.level));
  const t0 = time(changes[0].at);
  const last = changes[changes.length - 1];
  const t1 = Math.max(now, time(last.at));

  return (
    <TimeSeriesChart
      label={`${title}: level over time, ${changes
        .map(c => `level ${c.level} on ${formatDate(c.at)}`)
        .join(', ')}`}
      curve="step"
      height={120}
      series={[
        {
          name: 'Level',
          dots: 'all',
          points: [
            ...changes.map(c => ({ at: time(c.at), value: c.level })),
            { at: t1, value: last.level, hideDot: true },
          ],
        },
      ]}
      timeDomain={[t0, t1]}
      formatTime={at =>
        at >= t1 ? 'today' : formatDate(new Date(at).toISOString())
      }
      formatTimeLong={at =>
        formatDateTime(new Date(at).toISOString(), { seconds: false })
      }
      valueDomain={[0, maxLevel]}
      valueTicks={Array.from({ length: maxLevel + 1 }, (_, i) => i)}
      formatValue={level => `L${level}`}
      formatValueLong={level => shortLevel(track, level)}
    />
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
                            secondary={formatDateTime(change.at, {
                              seconds: false,
                            })}
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
