import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Breakable,
  DateTime,
  EntityRef,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { ReplayJob } from '../../api';
import {
  describeSelection,
  describeTarget,
  isActiveJob,
} from '../../lib/replay';
import { ReplayProgress } from './ReplayProgress';
import { ReplayStateChip } from './ReplayStateChip';

const useStyles = makeStyles(theme => ({
  nowrap: { whiteSpace: 'nowrap' },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
  },
  // break-word (not anywhere) so a narrow page never squeezes words apart.
  wrap: { overflowWrap: 'break-word', minWidth: 120, maxWidth: 320 },
  progress: { minWidth: 160 },
  person: { minWidth: 120 },
  head: { whiteSpace: 'nowrap' },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    whiteSpace: 'nowrap',
  },
  empty: { padding: theme.spacing(4, 2), textAlign: 'center' },
}));

/** `250/s`, or "no limit". */
export function rateText(ratePerSecond: number | undefined): string {
  return ratePerSecond ? `${ratePerSecond.toLocaleString()}/s` : 'no limit';
}

/**
 * Replay jobs, one row each: state, progress, what was replayed where, by
 * whom and when. Everything is plain text.
 */
export function ReplayJobsTable(props: {
  jobs: ReplayJob[];
  loading?: boolean;
  /** Link target of a job's details. */
  replayHref: (id: string) => string;
  onCancel: (job: ReplayJob) => void;
  cancelling?: boolean;
  /** Show the environment column (when the jobs span environments). */
  showEnvironment?: boolean;
  emptyText: string;
}) {
  const {
    jobs,
    loading,
    replayHref,
    onCancel,
    cancelling,
    showEnvironment,
    emptyText,
  } = props;
  const classes = useStyles();
  const columns = 9 + (showEnvironment ? 1 : 0);
  return (
    <TableContainer>
      <Table size="small" aria-label="Replay jobs">
        <TableHead>
          <TableRow className={classes.head}>
            <TableCell>Created</TableCell>
            {showEnvironment && <TableCell>Environment</TableCell>}
            <TableCell>State</TableCell>
            <TableCell>Progress</TableCell>
            <TableCell>Messages</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Rate</TableCell>
            <TableCell>Created by</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>
              <Typography variant="srOnly">Actions</Typography>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {!loading && jobs.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns} className={classes.empty}>
                <Typography>{emptyText}</Typography>
              </TableCell>
            </TableRow>
          )}
          {jobs.map(job => (
            <TableRow key={job.id} data-testid={`replay-row-${job.id}`}>
              <TableCell className={classes.nowrap}>
                <Link to={replayHref(job.id)}>
                  <DateTime value={job.createdAt} />
                </Link>
                <span className={classes.secondary}>
                  <RelativeTime value={job.createdAt} />
                </span>
              </TableCell>
              {showEnvironment && <TableCell>{job.environment}</TableCell>}
              <TableCell>
                <ReplayStateChip state={job.state} />
              </TableCell>
              <TableCell className={classes.progress}>
                <ReplayProgress job={job} />
              </TableCell>
              <TableCell className={classes.wrap}>
                {describeSelection(job)}
                {job.filter && (
                  <span className={classes.secondary}>
                    {job.total.toLocaleString()} unresolved at the start
                  </span>
                )}
              </TableCell>
              <TableCell className={classes.wrap}>
                {job.target.kind === 'queue' ? (
                  <>
                    Queue{' '}
                    <span className={classes.mono}>
                      <Breakable text={job.target.queue} />
                    </span>
                  </>
                ) : (
                  describeTarget(job.target)
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {rateText(job.ratePerSecond)}
              </TableCell>
              <TableCell className={classes.person}>
                <EntityRef entityRef={job.createdBy} defaultKind="user" />
              </TableCell>
              <TableCell className={classes.wrap}>{job.reason ?? ''}</TableCell>
              <TableCell>
                <Box className={classes.actions}>
                  <Link to={replayHref(job.id)}>Details</Link>
                  {isActiveJob(job) && (
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={cancelling}
                      onClick={() => onCancel(job)}
                    >
                      Cancel
                    </Button>
                  )}
                </Box>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
