import { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityRef,
  formatDateTime,
  formatRelative,
  plural,
} from '@internal/backstage-plugin-portal-react';
import type { ReconstitutionJob } from '../../api';
import { nonDefaultSource, producerLabel } from '../../lib/jobs';
import { JobApproval } from '../JobApproval';
import { JobProgress, JobStateChip } from '../shared';

const useStyles = makeStyles(theme => ({
  head: { whiteSpace: 'nowrap' },
  row: { cursor: 'pointer' },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    overflowWrap: 'anywhere',
  },
  mono: { fontFamily: 'monospace' },
  wrap: { overflowWrap: 'break-word', minWidth: 140, maxWidth: 320 },
  nowrap: { whiteSpace: 'nowrap' },
  progress: { minWidth: 180 },
  receiver: { overflowWrap: 'break-word', minWidth: 200, maxWidth: 320 },
}));

/** What a job takes beyond its producer, in a few words. */
export function selectionSummary(job: ReconstitutionJob): string {
  const parts: string[] = [];
  parts.push(
    job.eventNames.length
      ? plural(job.eventNames.length, 'event name')
      : 'all events',
  );
  if (job.entityIdCount > 0) {
    parts.push(plural(job.entityIdCount, 'entity id'));
  }
  if (job.from) {
    parts.push(`from ${formatDateTime(job.from)}`);
  }
  if (job.to) {
    parts.push(`to ${formatDateTime(job.to)}`);
  }
  const source = nonDefaultSource(job.source);
  if (source) {
    parts.push(`source ${source}`);
  }
  return parts.join(' · ');
}

/**
 * Jobs, a row each: state, receiver and queue, producer, environment,
 * progress, when and by whom; under the state, where a job stands with its
 * approval. A row opens the job. Everything is plain text.
 */
export function JobsTable(props: {
  jobs: ReconstitutionJob[];
  /** Link target of a job's page; rows are not links without it. */
  jobHref?: (id: string) => string;
  /** The signed-in user (a requester is told a job is not theirs to approve). */
  userRef?: string;
  /** Offered on jobs awaiting approval the caller may decide. */
  onApprove?: (job: ReconstitutionJob) => void;
  onRefuse?: (job: ReconstitutionJob) => void;
  deciding?: boolean;
}) {
  const { jobs, jobHref, userRef, onApprove, onRefuse, deciding } = props;
  const classes = useStyles();
  const navigate = useNavigate();

  const open = (job: ReconstitutionJob) => (event: MouseEvent) => {
    if (!jobHref) return;
    // Links and buttons in the row do their own thing.
    if ((event.target as HTMLElement).closest('a, button')) return;
    navigate(jobHref(job.id));
  };

  return (
    <TableContainer>
      <Table size="small" aria-label="Reconstitution jobs">
        <TableHead>
          <TableRow className={classes.head}>
            <TableCell>Status</TableCell>
            <TableCell>Receiver</TableCell>
            <TableCell>Producer</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Progress</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Created by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {jobs.map(job => (
            <TableRow
              key={job.id}
              hover
              className={jobHref ? classes.row : undefined}
              onClick={open(job)}
              data-testid={`job-row-${job.id}`}
            >
              <TableCell>
                <JobStateChip state={job.state} reason={job.reason} />
                <JobApproval
                  job={job}
                  variant="inline"
                  userRef={userRef}
                  onApprove={onApprove}
                  onRefuse={onRefuse}
                  busy={deciding}
                />
              </TableCell>
              <TableCell className={classes.receiver}>
                <EntityRef
                  entityRef={job.receiver.entityRef}
                  defaultKind="component"
                />
                <span className={`${classes.secondary} ${classes.mono}`}>
                  {job.receiver.queue}
                </span>
              </TableCell>
              <TableCell className={classes.wrap}>
                {producerLabel(job.producer)}
                <span className={classes.secondary}>
                  {selectionSummary(job)}
                </span>
              </TableCell>
              <TableCell>{job.environment}</TableCell>
              <TableCell className={classes.progress}>
                <JobProgress job={job} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                {jobHref ? (
                  <Link to={jobHref(job.id)}>
                    <time
                      dateTime={job.createdAt}
                      title={`${formatDateTime(job.createdAt)} (${
                        job.createdAt
                      })`}
                    >
                      {formatRelative(job.createdAt)}
                    </time>
                  </Link>
                ) : (
                  <time
                    dateTime={job.createdAt}
                    title={`${formatDateTime(job.createdAt)} (${
                      job.createdAt
                    })`}
                  >
                    {formatRelative(job.createdAt)}
                  </time>
                )}
              </TableCell>
              <TableCell className={classes.wrap}>
                <EntityRef entityRef={job.createdBy} defaultKind="user" />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
