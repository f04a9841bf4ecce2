import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import {
  ErrorNotice,
  POLL_INTERVAL_MS,
  usePolling,
} from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, ReplayJobDetail as Detail } from '../../api';
import { isActiveJob } from '../../lib/replay';
import { ReplayJobItems } from './ReplayJobItems';
import { ReplayJobSummary } from './ReplayJobSummary';
import { ReplayProgress } from './ReplayProgress';
import { ReplayStateChip } from './ReplayStateChip';
import { useCancelReplay } from './useCancelReplay';

const useStyles = makeStyles(theme => ({
  title: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  progress: { maxWidth: 480, margin: theme.spacing(2, 0) },
}));

/**
 * One replay job: what it replays where, its progress (read again every 2
 * seconds while it runs), and its messages with the failed ones first, each
 * with its error and a link to the message.
 */
export function ReplayJobDetail(props: {
  id: string;
  /** Link target of a message's details. */
  messageHref: (id: string) => string;
  /** Link target of the jobs of an environment ("All replays"). */
  replaysHref?: (environment: string) => string;
  pollIntervalMs?: number;
}) {
  const {
    id,
    messageHref,
    replaysHref,
    pollIntervalMs = POLL_INTERVAL_MS,
  } = props;
  const classes = useStyles();
  const api = useApi(deadLetterApiRef);
  const detail = usePolling<Detail>(`replay:${id}`, () => api.getReplay(id), {
    shouldPoll: value => isActiveJob(value.job),
    intervalMs: pollIntervalMs,
  });
  const cancel = useCancelReplay({ onChanged: detail.reload });

  if (!detail.value) {
    if (detail.error) {
      return (
        <ErrorNotice
          title="Could not load the replay"
          error={detail.error}
          onRetry={detail.reload}
        />
      );
    }
    return <Progress />;
  }

  const { job, items, itemsTruncated } = detail.value;
  return (
    <Box>
      {replaysHref && (
        <Box mb={2}>
          <Link to={replaysHref(job.environment)}>
            <Box display="flex" alignItems="center" gridGap={4}>
              <ArrowBackIcon fontSize="small" /> All replays in{' '}
              {job.environment}
            </Box>
          </Link>
        </Box>
      )}
      <Typography variant="h5" component="h2" className={classes.title}>
        <span>Replay</span>
        <ReplayStateChip state={job.state} />
        <Chip size="small" label={job.environment} />
        {isActiveJob(job) && (
          <Button
            size="small"
            variant="outlined"
            onClick={() => cancel.request(job)}
            disabled={cancel.busy}
          >
            Cancel
          </Button>
        )}
      </Typography>
      <Box className={classes.progress}>
        <ReplayProgress job={job} />
      </Box>
      {detail.error && (
        <ErrorNotice
          title="Could not refresh the replay; showing the last known state"
          error={detail.error}
          onRetry={detail.reload}
        />
      )}
      <ReplayJobSummary job={job} />
      <ReplayJobItems
        items={items}
        truncated={itemsTruncated}
        total={job.total}
        messageHref={messageHref}
      />
      {cancel.dialog}
    </Box>
  );
}
