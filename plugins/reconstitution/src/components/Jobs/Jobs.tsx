import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import {
  ErrorNotice,
  POLL_INTERVAL_MS,
} from '@internal/backstage-plugin-portal-react';
import { reconstitutionApiRef } from '../../api';
import { useUserRef } from '../../hooks/useApprovers';
import { useJobList } from '../../hooks/useJobList';
import { isActiveJob } from '../../lib/jobs';
import { useDecideJob } from '../JobApproval';
import { JobFilters } from './JobFilters';
import { JobsTable } from './JobsTable';
import { JobsToolbar } from './JobsToolbar';
import { useUrlJobFilters } from './useUrlJobFilters';

const useStyles = makeStyles(theme => ({
  more: {
    display: 'flex',
    justifyContent: 'center',
    padding: theme.spacing(2),
  },
}));

type JobList = ReturnType<typeof useJobList>;

function NoJobs(props: { filtered: boolean; emptyAction?: JSX.Element }) {
  const { filtered } = props;
  return (
    <EmptyState
      missing="data"
      title={filtered ? 'No jobs match these filters' : 'No jobs yet'}
      description={
        filtered
          ? 'Change or clear the filters to see other jobs.'
          : 'A job delivers archived integration events of a producer to a receiving component’s queue, e.g. to rebuild a read model.'
      }
      action={filtered ? undefined : props.emptyAction}
    />
  );
}

function LoadMore(props: { jobs: JobList }) {
  const { jobs } = props;
  const classes = useStyles();
  return (
    <>
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
    </>
  );
}

/** An error under the filters, with the list's padding. */
function ListNotice(props: {
  title: string;
  error: Error | undefined;
  onRetry?: () => void;
}) {
  if (!props.error) return null;
  return (
    <Box px={2} pb={2}>
      <ErrorNotice
        title={props.title}
        error={props.error}
        onRetry={props.onRetry}
      />
    </Box>
  );
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
  const { receiver: fixedReceiver, pollIntervalMs = POLL_INTERVAL_MS } = props;
  const api = useApi(reconstitutionApiRef);
  const filters = useUrlJobFilters(fixedReceiver);
  const { states, environment } = filters.filters;

  const archive = useAsyncRetry(() => api.getArchiveStatus(), [api]);
  const receivers = useAsyncRetry(
    async () => (fixedReceiver ? undefined : api.listReceivers()),
    [api, fixedReceiver],
  );
  const jobs = useJobList(
    { states, environment, receiver: filters.receiver },
    { pollIntervalMs },
  );

  const decide = useDecideJob({ onDecided: jobs.replace });
  const userRef = useUserRef();

  return (
    <Paper>
      <JobsToolbar
        active={jobs.items.filter(isActiveJob).length}
        pollIntervalMs={pollIntervalMs}
        onRefresh={jobs.reload}
        refreshing={jobs.loading}
        actions={props.actions}
      />
      <JobFilters
        value={filters.shown}
        onChange={filters.setFilters}
        environments={(archive.value ?? []).map(a => a.environment)}
        receivers={fixedReceiver ? undefined : receivers.value ?? []}
        receiversLoading={receivers.loading}
      />
      <ListNotice
        title="Could not load the environments"
        error={archive.error}
        onRetry={archive.retry}
      />
      <ListNotice
        title="Could not load the receivers"
        error={receivers.error}
        onRetry={receivers.retry}
      />
      {jobs.loading && <LinearProgress aria-label="Loading jobs" />}
      <ListNotice
        title="Could not load the jobs"
        error={jobs.error}
        onRetry={jobs.reload}
      />
      <ListNotice
        title="Could not refresh the jobs; showing the last known state"
        error={jobs.refreshError}
      />
      {!jobs.loading && !jobs.error && jobs.items.length === 0 && (
        <NoJobs filtered={filters.filtered} emptyAction={props.emptyAction} />
      )}
      {jobs.items.length > 0 && (
        <JobsTable
          jobs={jobs.items}
          jobHref={props.jobHref}
          userRef={userRef}
          onApprove={decide.approve}
          onRefuse={decide.refuse}
          deciding={decide.busy}
        />
      )}
      {decide.dialog}
      <LoadMore jobs={jobs} />
    </Paper>
  );
}
