import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { plural } from '@internal/backstage-plugin-portal-react';
import type { ScorecardTrack, TrackRollup } from '../../api';
import { formatPercent } from '../../lib/format';
import { levelName } from '../../lib/scorecards';
import { PercentBadge } from './PercentBadge';

const useStyles = makeStyles(theme => ({
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  title: { fontWeight: 600 },
  level: {
    display: 'grid',
    gridTemplateColumns: 'minmax(110px, auto) 1fr minmax(110px, auto)',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
  },
  bar: { height: 8, borderRadius: 4 },
}));

/** Components at `level` or higher. */
export function atLeast(rollup: TrackRollup, level: number): number {
  return rollup.atLevel.slice(level).reduce((sum, n) => sum + n, 0);
}

/**
 * A track's roll-up of a group: the percentage certified (level 1 or
 * higher), then per level a bar with "L2 · Silver  40% (4 of 10)".
 */
export function TrackRollupBars(props: {
  track: ScorecardTrack | undefined;
  trackId: string;
  rollup: TrackRollup | undefined;
}) {
  const { track, trackId, rollup } = props;
  const classes = useStyles();
  const title = track?.title ?? trackId;
  if (!rollup || rollup.components === 0) {
    return (
      <Box data-testid={`rollup-${trackId}`}>
        <Typography variant="subtitle2" className={classes.title}>
          {title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          No components on this track
        </Typography>
      </Box>
    );
  }
  return (
    <Box data-testid={`rollup-${trackId}`}>
      <Box className={classes.head}>
        <Typography variant="subtitle2" className={classes.title}>
          {title}
        </Typography>
        <PercentBadge
          percent={rollup.certifiedPercent[0]}
          components={rollup.components}
        />
        <Typography variant="caption" color="textSecondary">
          certified · {plural(rollup.components, 'component')}
        </Typography>
      </Box>
      {rollup.certifiedPercent.map((percent, index) => {
        const level = index + 1;
        const name = levelName(track, level);
        const label = `L${level}${name ? ` · ${name}` : ''}`;
        return (
          <Box key={level} className={classes.level}>
            <Typography variant="body2">{label}</Typography>
            <LinearProgress
              variant="determinate"
              value={Math.max(0, Math.min(100, percent))}
              className={classes.bar}
              aria-label={`${title} ${label}`}
              aria-valuetext={`${formatPercent(percent)} at ${label} or higher`}
            />
            <Typography variant="body2">
              {formatPercent(percent)} ({atLeast(rollup, level)} of{' '}
              {rollup.components})
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
