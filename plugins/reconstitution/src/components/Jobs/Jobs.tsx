import { ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import { reconstitutionApiRef, ReconstitutionJobState } from '../../api';
import { useUserRef } from '../../hooks/useApprovers';
import { useJobList } from '../../hooks/useJobList';
import { POLL_INTERVAL_MS } from '../../hooks/usePolling';
import { plural } from '../../lib/format';
import { isActiveJob, JOB_STATES } from '../../lib/jobs';
import { useDecideJob } from '../JobApproval';
import { ErrorNotice } from '../shared';
import { JobFilters, JobFilterValues } from './JobFilters';
import { JobsTable } from './JobsTable';

const useStyles = makeStyles(theme => ({
  toolbar: { gap: theme.spacing(2), flexWrap: 'wrap' },
  title: { flex: '1 1 auto' },
  more: {
    display: 'flex',
    justifyContent: 'center',
    padding: theme.spacing(2),
  },
}));

/** The filters in the URL: `?state=running&state=pending&environment=dev&receiver=…`. */
function readFilters(params: URLSearchParams): JobFilterValues {
  const states = params
    .getAll('state')
    .filter((s): s is ReconstitutionJobState =>
      (JOB_STATES as string[]).includes(s),
    );
  return {
    states,
    environment: params.get('environment') || undefined,
    receiver: params.get('receiver') || undefined,
  };
}

function writeFilters(
  params: URLSearchParams,
  filters: JobFilterValues,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('state');
  for (const state of filters.states) next.append('state', state);
  for (const key of ['environment', 'receiver'] as const) {
    const value = filters[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/**
 * Reconstitution jobs, newest first, filtered by the URL's query (state,
 * environment, receiver) so a filtered list can be linked to. While a job
 * shown is pending or running, the list is read again every 2 seconds. A job
 * awaiting approval says from whom, with Approve and Refuse where the caller
 * may decide; the decision shows in place.
 */
export function Jobs(props: {
  /** Only this receiver's jobs (its entity ref); no receiver filter then. */
  receiver?: string;
  /** Link target of a job's page. */
  jobHref?: (id: string) => string;
  /** Buttons for the toolbar, e.g. "Add job". */
  actions?: ReactNode;
  /** What to offer when there are no jobs at all. */
  emptyAction?: JSX.Element;
  pollIntervalMs?: number;
}) {
  const {
    receiver: fixedReceiver,
    jobHref,
    actions,
    emptyAction,
    pollIntervalMs = POLL_INTERVAL_MS,
  } = props;
  const classes = useStyles();
  const api = useApi(reconstitutionApiRef);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const receiver = fixedReceiver ?? filters.receiver;

  const archive = useAsyncRetry(() => api.getArchiveStatus(), [api]);
  const receivers = useAsyncRetry(
    async () => (fixedReceiver ? undefined : api.listReceivers()),
    [api, fixedReceiver],
  );
  const jobs = useJobList(
    { states: filters.states, environment: filters.environment, receiver },
    { pollIntervalMs },
  );

  const decide = useDecideJob({ onDecided: jobs.replace });
  const userRef = useUserRef();

  const active = jobs.items.filter(isActiveJob).length;
  const filtered =
    filters.states.length > 0 ||
    Boolean(filters.environment) ||
    (!fixedReceiver && Boolean(filters.receiver));

  return (
    <Paper>
      <Toolbar className={classes.toolbar}>
        <Box className={classes.title}>
          <Typography variant="h6" component="h2">
            Jobs
          </Typography>
          <Typography variant="body2" color="textSecondary" aria-live="polite">
            {active > 0
              ? `${plural(
                  active,
                  'job',
                )} pending or running — updating every ${Math.round(
                  pollIntervalMs / 1000,
                )} s`
              : 'Newest first'}
          </Typography>
        </Box>
        <Tooltip title="Refresh">
          <span>
            <IconButton
              aria-label="Refresh jobs"
              onClick={jobs.reload}
              disabled={jobs.loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
        {actions}
      </Toolbar>
      <JobFilters
        value={{
          ...filters,
          receiver: fixedReceiver ? undefined : filters.receiver,
        }}
        onChange={next =>
          setParams(writeFilters(params, next), { replace: true })
        }
        environments={(archive.value ?? []).map(a => a.environment)}
        receivers={fixedReceiver ? undefined : receivers.value ?? []}
        receiversLoading={receivers.loading}
      />
      {archive.error && (
        <Box px={2} pb={2}>
          <ErrorNotice
            title="Could not load the environments"
            error={archive.error}
            onRetry={archive.retry}
          />
        </Box>
      )}
      {receivers.error && (
        <Box px={2} pb={2}>
          <ErrorNotice
            title="Could not load the receivers"
            error={receivers.error}
            onRetry={receivers.retry}
          />
        </Box>
      )}
      {jobs.loading && <LinearProgress aria-label="Loading jobs" />}
      {jobs.error && (
        <Box px={2} pb={2}>
          <ErrorNotice
            title="Could not load the jobs"
            error={jobs.error}
            onRetry={jobs.reload}
          />
        </Box>
      )}
      {jobs.refreshError && (
        <Box px={2} pb={2}>
          <ErrorNotice
            title="Could not refresh the jobs; showing the last known state"
            error={jobs.refreshError}
          />
        </Box>
      )}
      {!jobs.loading && !jobs.error && jobs.items.length === 0 && (
        <EmptyState
          missing="data"
          title={filtered ? 'No jobs match these filters' : 'No jobs yet'}
          description={
            filtered
              ? 'Change or clear the filters to see other jobs.'
              : 'A job delivers archived integration events of a producer to a receiving component’s queue, e.g. to rebuild a read model.'
          }
          action={filtered ? undefined : emptyAction}
        />
      )}
      {jobs.items.length > 0 && (
        <JobsTable
          jobs={jobs.items}
          jobHref={jobHref}
          userRef={userRef}
          onApprove={decide.approve}
          onRefuse={decide.refuse}
          deciding={decide.busy}
        />
      )}
      {decide.dialog}
      {jobs.loadMoreError && (
        <Box px={2} pt={2}>
          <ErrorNotice
            title="Could not load more jobs"
            error={jobs.loadMoreError}
          />
        </Box>
      )}
      {jobs.nextCursor && !jobs.loading && (
        <Box className={classes.more}>
          <Button
            variant="outlined"
            onClick={jobs.loadMore}
            disabled={jobs.loadingMore}
          >
            {jobs.loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </Paper>
  );
}
