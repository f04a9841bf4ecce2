import { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import {
  InfoCard,
  Link,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { reconstitutionJobCancelPermission } from '@internal/backstage-plugin-reconstitution-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  DateTime,
  EntityRef,
  ErrorNotice,
  formatDateTime,
  formatNumber,
  formatRelative,
  plural,
  POLL_INTERVAL_MS,
  RelativeTime,
  usePolling,
} from '@internal/backstage-plugin-portal-react';
import {
  reconstitutionApiRef,
  ReconstitutionJob,
  ReconstitutionJobDetail,
} from '../../api';
import { useApprovers, useUserRef } from '../../hooks/useApprovers';
import {
  APPROVAL_STATES,
  JobCreatedState,
  sentForApprovalText,
} from '../../lib/approvals';
import {
  isActiveJob,
  isCancellable,
  percent,
  producerLabel,
} from '../../lib/jobs';
import { JobApproval, useDecideJob } from '../JobApproval';
import { JobStateChip, progressText, speedText } from '../shared';
import { ProgressChart } from './ProgressChart';
import { useCancelJob } from './useCancelJob';

const useStyles = makeStyles(theme => ({
  title: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  grow: { flex: '1 1 auto' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'minmax(320px, 1fr) minmax(320px, 1fr)',
    gap: theme.spacing(3),
    alignItems: 'start',
    [theme.breakpoints.down('sm')]: { gridTemplateColumns: '1fr' },
  },
  column: { display: 'flex', flexDirection: 'column', gap: theme.spacing(3) },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  ids: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    maxHeight: 200,
    overflow: 'auto',
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    whiteSpace: 'pre',
  },
  bar: { height: 10, borderRadius: 5 },
  progressText: { marginTop: theme.spacing(1) },
  reason: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

/** Why a job is in its state, as an alert fitting the state. */
function ReasonAlert(props: { job: ReconstitutionJob }) {
  const { job } = props;
  const classes = useStyles();
  const reason = job.reason ? (
    <span className={classes.reason}>{job.reason}</span>
  ) : undefined;
  switch (job.state) {
    case 'failed':
      return (
        <Alert severity="error" data-testid="job-reason">
          <AlertTitle>The job failed</AlertTitle>
          {reason ?? 'The backend gave no reason.'}
        </Alert>
      );
    case 'cancelled':
      return (
        <Alert severity="warning" data-testid="job-reason">
          <AlertTitle>The job was cancelled</AlertTitle>
          {reason ?? 'No reason was given.'}
        </Alert>
      );
    case 'pending':
      return (
        <Alert severity="info" data-testid="job-reason">
          {reason ?? 'Waiting to start.'}
        </Alert>
      );
    default:
      return reason ? (
        <Alert severity="info" data-testid="job-reason">
          {reason}
        </Alert>
      ) : null;
  }
}

function Parameters(props: { detail: ReconstitutionJobDetail }) {
  const { job, entityIds } = props.detail;
  const classes = useStyles();
  const metadata: Record<string, ReactNode> = {
    Environment: job.environment,
    Receiver: (
      <span>
        <EntityRef entityRef={job.receiver.entityRef} defaultKind="component" />
        {' → queue '}
        <span className={classes.mono}>{job.receiver.queue}</span>
      </span>
    ),
    'Receiver owner': (
      <EntityRef entityRef={job.receiver.ownerRef} defaultKind="group" />
    ),
    Producer: producerLabel(job.producer),
    Source: job.source,
    From: job.from ? <DateTime value={job.from} /> : 'the first archived event',
    To: job.to ? <DateTime value={job.to} /> : 'the newest archived event',
    'Event names': job.eventNames.length ? (
      <span className={classes.mono}>{job.eventNames.join(', ')}</span>
    ) : (
      'all'
    ),
    'Entity ids': job.entityIdCount ? (
      <Box>
        <Typography variant="body2" component="span">
          {plural(job.entityIdCount, 'entity id')}
          {entityIds.length < job.entityIdCount &&
            ` (the first ${formatNumber(entityIds.length)} listed)`}
        </Typography>
        {entityIds.length > 0 && (
          <pre
            className={classes.ids}
            aria-label="Entity ids"
            data-testid="job-entity-ids"
          >
            {entityIds.join('\n')}
          </pre>
        )}
      </Box>
    ) : (
      'all entities'
    ),
    'Rate limit': job.ratePerSecond
      ? `${formatNumber(job.ratePerSecond)} events/s`
      : 'unlimited',
    'Created by': <EntityRef entityRef={job.createdBy} defaultKind="user" />,
    ...(job.approval?.decidedBy && job.state !== 'refused'
      ? {
          'Approved by': (
            <span>
              <EntityRef
                entityRef={job.approval.decidedBy}
                defaultKind="user"
              />
              {job.approval.decidedAt && (
                <>
                  {' on '}
                  <DateTime value={job.approval.decidedAt} />
                </>
              )}
            </span>
          ),
        }
      : {}),
    Created: (
      <span>
        <DateTime value={job.createdAt} /> (
        <RelativeTime value={job.createdAt} />)
      </span>
    ),
    Started: job.startedAt ? <DateTime value={job.startedAt} /> : '—',
    Finished: job.finishedAt ? <DateTime value={job.finishedAt} /> : '—',
    'Job id': <span className={classes.mono}>{job.id}</span>,
  };
  return (
    <StructuredMetadataTable
      metadata={metadata}
      options={{ titleFormat: (key: string) => key }}
    />
  );
}

function ProgressSection(props: { detail: ReconstitutionJobDetail }) {
  const { job, progressSamples } = props.detail;
  const classes = useStyles();
  const { matched, sent, confirmed } = job.progress;
  const value =
    matched === 0 && job.state === 'completed'
      ? 100
      : percent(confirmed, matched);
  const speed = speedText(job);
  return (
    <InfoCard title="Progress">
      <LinearProgress
        variant="determinate"
        value={value}
        className={classes.bar}
        color={job.state === 'failed' ? 'secondary' : 'primary'}
        aria-label="Confirmed events"
        aria-valuetext={`${progressText(job)} events confirmed`}
      />
      <Typography
        variant="h6"
        component="p"
        className={classes.progressText}
        data-testid="job-progress"
      >
        {progressText(job)} confirmed ({Math.floor(value)}%)
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {formatNumber(matched)} matched · {formatNumber(sent)} sent ·{' '}
        {formatNumber(confirmed)} confirmed
        {speed && ` · ${speed}`}
      </Typography>
      <Box mt={3}>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Progress over time
        </Typography>
        <ProgressChart samples={progressSamples} matched={matched} />
      </Box>
    </InfoCard>
  );
}

function AuditSection(props: { detail: ReconstitutionJobDetail }) {
  const { audit } = props.detail;
  const classes = useStyles();
  return (
    <InfoCard title="Audit" noPadding>
      {audit.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            Nothing recorded yet.
          </Typography>
        </Box>
      ) : (
        <Table size="small" aria-label="Audit">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {audit.map((entry, index) => (
              <TableRow key={`${entry.at}-${entry.action}-${index}`}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <time
                    dateTime={entry.at}
                    title={`${formatRelative(entry.at)} (${entry.at})`}
                  >
                    {formatDateTime(entry.at)}
                  </time>
                </TableCell>
                <TableCell>
                  <EntityRef entityRef={entry.actor} defaultKind="user" />
                </TableCell>
                <TableCell>{entry.action}</TableCell>
                <TableCell className={classes.reason}>
                  {entry.details ?? ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

/** Told once, right after the requester created a job awaiting approval. */
function SentForApproval(props: { job: ReconstitutionJob }) {
  const approvers = useApprovers(props.job);
  return (
    <Alert severity="success" data-testid="job-sent-for-approval">
      {sentForApprovalText(approvers)}.
    </Alert>
  );
}

/**
 * One job: its state and why, what it delivers where, its progress (read
 * again every 2 seconds while pending or running) and its audit trail, with
 * "Cancel job" for those allowed while it may still deliver (or is still
 * awaiting approval). A job awaiting approval says from whom, with Approve
 * and Refuse where the backend says the caller may decide.
 */
export function JobDetail(props: {
  id: string;
  /** Link back to the jobs list. */
  jobsHref?: string;
  pollIntervalMs?: number;
}) {
  const { id, jobsHref, pollIntervalMs = POLL_INTERVAL_MS } = props;
  const classes = useStyles();
  const api = useApi(reconstitutionApiRef);
  const detail = usePolling<ReconstitutionJobDetail>(
    `job:${id}`,
    () => api.getJob(id),
    { shouldPoll: value => isActiveJob(value.job), intervalMs: pollIntervalMs },
  );
  const cancel = useCancelJob({ onChanged: detail.reload });
  const decide = useDecideJob({ onChanged: detail.reload });
  const userRef = useUserRef();
  const created = useLocation().state as JobCreatedState | null;
  const canCancel = usePermission({
    permission: reconstitutionJobCancelPermission,
    resourceRef: detail.value?.job.receiver.entityRef,
  });

  const back = jobsHref && (
    <Box mb={2}>
      <Link to={jobsHref}>
        <Box display="flex" alignItems="center" gridGap={4}>
          <ArrowBackIcon fontSize="small" /> All jobs
        </Box>
      </Link>
    </Box>
  );

  if (!detail.value) {
    return (
      <>
        {back}
        {detail.error ? (
          <ErrorNotice
            title="Could not load the job"
            error={detail.error}
            onRetry={detail.reload}
          />
        ) : (
          <Progress />
        )}
      </>
    );
  }

  const { job } = detail.value;
  return (
    <Box>
      {back}
      <Box className={classes.title}>
        <Typography variant="h5" component="h2">
          {producerLabel(job.producer)} → {job.receiver.queue}
        </Typography>
        <JobStateChip state={job.state} data-testid="job-state" />
        <Chip size="small" variant="outlined" label={job.environment} />
        <span className={classes.grow} />
        {isCancellable(job) && canCancel.allowed && (
          <Button
            variant="outlined"
            color="secondary"
            onClick={() => cancel.request(job)}
            disabled={cancel.busy}
          >
            Cancel job
          </Button>
        )}
      </Box>
      <Box display="flex" flexDirection="column" gridGap={16}>
        {created?.sentForApproval && job.state === 'awaiting-approval' && (
          <SentForApproval job={job} />
        )}
        {APPROVAL_STATES.includes(job.state) ? (
          <JobApproval
            job={job}
            userRef={userRef}
            onApprove={decide.approve}
            onRefuse={decide.refuse}
            busy={decide.busy}
          />
        ) : (
          <ReasonAlert job={job} />
        )}
        {detail.error && (
          <ErrorNotice
            title="Could not refresh the job; showing the last known state"
            error={detail.error}
            onRetry={detail.reload}
          />
        )}
        <Box className={classes.grid}>
          <Box className={classes.column}>
            <ProgressSection detail={detail.value} />
            <AuditSection detail={detail.value} />
          </Box>
          <InfoCard title="Parameters">
            <Parameters detail={detail.value} />
          </InfoCard>
        </Box>
      </Box>
      {cancel.dialog}
      {decide.dialog}
    </Box>
  );
}
