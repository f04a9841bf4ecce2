import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  formatDuration,
  formatNumber,
} from '@internal/backstage-plugin-portal-react';
import { formatRate } from '../../lib/format';
import type { ReconstitutionJob } from '../../api';
import { isActiveJob, percent } from '../../lib/jobs';

const useStyles = makeStyles(theme => ({
  root: { minWidth: 160 },
  bar: { height: 8, borderRadius: 4 },
  text: { marginTop: theme.spacing(0.5), whiteSpace: 'nowrap' },
}));

/** `12,345 / 20,000` confirmed of matched. */
export function progressText(job: Pick<ReconstitutionJob, 'progress'>) {
  return `${formatNumber(job.progress.confirmed)} / ${formatNumber(
    job.progress.matched,
  )}`;
}

/** `850/s · ETA 2m 10s`, while the job runs and the backend knows. */
export function speedText(
  job: Pick<ReconstitutionJob, 'state' | 'progress'>,
): string | undefined {
  if (job.state !== 'running') {
    return undefined;
  }
  const parts: string[] = [];
  if (job.progress.ratePerSecond !== undefined) {
    parts.push(formatRate(job.progress.ratePerSecond));
  }
  if (job.progress.etaSeconds !== undefined) {
    parts.push(`ETA ${formatDuration(job.progress.etaSeconds)}`);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * How far a job got: a bar of confirmed of matched events, with
 * `12,345 / 20,000` underneath and, while it runs, its rate and ETA.
 */
export function JobProgress(props: {
  job: Pick<ReconstitutionJob, 'state' | 'progress'>;
  'data-testid'?: string;
}) {
  const { job } = props;
  const classes = useStyles();
  // A job that ended with nothing to deliver is done, not at 0 %.
  const value =
    job.progress.matched === 0 && job.state === 'completed'
      ? 100
      : percent(job.progress.confirmed, job.progress.matched);
  const text = progressText(job);
  const speed = speedText(job);
  return (
    <Box className={classes.root}>
      <LinearProgress
        variant="determinate"
        value={value}
        className={classes.bar}
        color={job.state === 'failed' ? 'secondary' : 'primary'}
        aria-label="Confirmed events"
        aria-valuetext={`${text} events confirmed`}
      />
      <Typography
        variant="caption"
        component="div"
        color="textSecondary"
        className={classes.text}
        data-testid={props['data-testid']}
      >
        {text}
        {speed && ` · ${speed}`}
        {isActiveJob(job) && job.progress.sent > job.progress.confirmed && (
          <> · {formatNumber(job.progress.sent)} sent</>
        )}
      </Typography>
    </Box>
  );
}
