import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReplayJob } from '../../api';
import { isActiveJob } from '../../lib/replay';

const useStyles = makeStyles(theme => ({
  root: { minWidth: 160 },
  track: {
    display: 'flex',
    height: 8,
    borderRadius: 4,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.selected,
  },
  confirmed: {
    backgroundColor: theme.palette.success.main,
    transition: 'width .4s linear',
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    transition: 'width .4s linear',
  },
  text: { marginTop: theme.spacing(0.5), whiteSpace: 'nowrap' },
  failedText: { color: theme.palette.error.main, fontWeight: 500 },
}));

const percent = (part: number, total: number) =>
  total > 0 ? Math.min(100, (part / total) * 100) : 0;

/**
 * How far a replay got: confirmed messages in green, failed ones in red, on
 * a bar of all the job's messages; the counts underneath.
 */
export function ReplayProgress(props: {
  job: Pick<ReplayJob, 'state' | 'total' | 'sent' | 'confirmed' | 'failed'>;
  /** Leave out the counts under the bar. */
  hideText?: boolean;
}) {
  const { job, hideText } = props;
  const classes = useStyles();
  // An empty job that ended has nothing left to do: show it as done.
  const confirmedPercent =
    job.total === 0 && !isActiveJob(job)
      ? 100
      : percent(job.confirmed, job.total);
  const failedPercent = percent(job.failed, job.total);
  const valueText = `${job.confirmed.toLocaleString()} of ${job.total.toLocaleString()} confirmed, ${job.failed.toLocaleString()} failed`;
  return (
    <Box className={classes.root}>
      <div
        className={classes.track}
        role="progressbar"
        aria-label="Replay progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(confirmedPercent)}
        aria-valuetext={valueText}
        title={`${valueText}, ${job.sent.toLocaleString()} sent`}
      >
        <div
          className={classes.confirmed}
          style={{ width: `${confirmedPercent}%` }}
        />
        <div
          className={classes.failed}
          style={{ width: `${failedPercent}%` }}
        />
      </div>
      {!hideText && (
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          className={classes.text}
        >
          {job.confirmed.toLocaleString()} / {job.total.toLocaleString()}{' '}
          confirmed
          {job.failed > 0 && (
            <>
              {' · '}
              <span className={classes.failedText}>
                {job.failed.toLocaleString()} failed
              </span>
            </>
          )}
          {isActiveJob(job) && ` · ${job.sent.toLocaleString()} sent`}
        </Typography>
      )}
    </Box>
  );
}
