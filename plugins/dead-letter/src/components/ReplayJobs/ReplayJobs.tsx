import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  ErrorNotice,
  POLL_INTERVAL_MS,
  usePolling,
} from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, ReplayJob } from '../../api';
import { isActiveJob } from '../../lib/replay';
import { EnvironmentTabs } from '../EnvironmentStatus';
import { ReplayJobsTable } from './ReplayJobsTable';
import { useCancelReplay } from './useCancelReplay';

/** Jobs listed (the newest). */
export const REPLAY_JOBS_LIMIT = 50;

const useStyles = makeStyles(theme => ({
  title: { flex: '1 1 auto' },
  toolbar: { gap: theme.spacing(2) },
}));

/**
 * The replay jobs of the environment picked in the URL (`?environment=`,
 * the first one when absent), newest first. While any of them may still
 * publish, the list is read again every 2 seconds.
 */
export function ReplayJobs(props: {
  /** Link target of a job's details. */
  replayHref: (id: string) => string;
  /** Poll interval; tests use the default with fake timers. */
  pollIntervalMs?: number;
}) {
  const { replayHref, pollIntervalMs = POLL_INTERVAL_MS } = props;
  const classes = useStyles();
  const api = useApi(deadLetterApiRef);
  const [params, setParams] = useSearchParams();
  const environments = useAsyncRetry(() => api.getEnvironments(), [api]);

  const environment =
    params.get('environment') ?? environments.value?.[0]?.name;
  // Without environments (they failed to load), all jobs are listed.
  const waitForDefault =
    !params.get('environment') && environments.loading && !environments.value;
  const jobs = usePolling<ReplayJob[]>(
    waitForDefault ? undefined : `replays:${environment ?? ''}`,
    () => api.listReplays({ environment, limit: REPLAY_JOBS_LIMIT }),
    {
      shouldPoll: items => items.some(isActiveJob),
      intervalMs: pollIntervalMs,
    },
  );
  const cancel = useCancelReplay({ onChanged: jobs.reload });

  const items = jobs.value ?? [];
  const active = items.filter(isActiveJob).length;
  const firstLoad = jobs.loading && !jobs.value;

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {environments.error && (
        <ErrorNotice
          title="Could not load the environments"
          error={environments.error}
          onRetry={environments.retry}
        />
      )}
      {environments.value && environments.value.length > 0 && (
        <EnvironmentTabs
          environments={environments.value}
          selected={environment}
          onSelect={name => {
            const next = new URLSearchParams(params);
            next.set('environment', name);
            setParams(next);
          }}
        />
      )}
      <Paper>
        <Toolbar className={classes.toolbar}>
          <Box className={classes.title}>
            <Typography variant="h6">Replays</Typography>
            <Typography
              variant="body2"
              color="textSecondary"
              aria-live="polite"
            >
              {active > 0
                ? `${active} running — updating every ${Math.round(
                    pollIntervalMs / 1000,
                  )} s`
                : `The latest ${REPLAY_JOBS_LIMIT} replays${
                    environment ? ` in ${environment}` : ''
                  }, newest first`}
            </Typography>
          </Box>
          <Tooltip title="Refresh">
            <span>
              <IconButton
                aria-label="Refresh replays"
                onClick={jobs.reload}
                disabled={firstLoad}
              >
                <RefreshIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Toolbar>
        {firstLoad && <LinearProgress aria-label="Loading replays" />}
        {jobs.error && (
          <Box p={2}>
            <ErrorNotice
              title={
                jobs.value
                  ? 'Could not refresh the replays; showing the last known state'
                  : 'Could not load the replays'
              }
              error={jobs.error}
              onRetry={jobs.reload}
            />
          </Box>
        )}
        {jobs.value && (
          <ReplayJobsTable
            jobs={items}
            replayHref={replayHref}
            onCancel={cancel.request}
            cancelling={cancel.busy}
            showEnvironment={!environment}
            emptyText={`Nothing has been replayed${
              environment ? ` in ${environment}` : ''
            } yet. Select unresolved messages on the Messages tab and choose Replay.`}
          />
        )}
        {environments.value?.length === 0 && (
          <Box p={2}>
            <Alert severity="info">
              The dead-letter backend has no environments configured.
            </Alert>
          </Box>
        )}
      </Paper>
      {cancel.dialog}
    </Box>
  );
}
