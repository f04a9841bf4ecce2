import { ReactNode, useState } from 'react';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Toolbar from '@material-ui/core/Toolbar';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import {
  deadLetterApiRef,
  ReplayItemStatus,
  ReplayJobDetail as Detail,
} from '../../api';
import { POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import {
  describeTarget,
  filterEntries,
  isActiveJob,
  plural,
} from '../../lib/replay';
import { DateTime, EntityRef, ErrorNotice, RelativeTime } from '../shared';
import { rateText } from './ReplayJobsTable';
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
  label: {
    whiteSpace: 'nowrap',
    width: '1%',
    verticalAlign: 'top',
    color: theme.palette.text.secondary,
  },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  error: { overflowWrap: 'anywhere', color: theme.palette.error.main },
  progress: { maxWidth: 480, margin: theme.spacing(2, 0) },
  toolbarTitle: { flex: '1 1 auto' },
  section: { marginTop: theme.spacing(3) },
  pending: {
    color: theme.palette.text.secondary,
    borderColor: theme.palette.text.secondary,
  },
  sent: {
    color: theme.palette.info.main,
    borderColor: theme.palette.info.main,
  },
  confirmed: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  failed: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
}));

function ItemStatus(props: { status: ReplayItemStatus }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.status}
      className={classes[props.status]}
    />
  );
}

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
  const detail = usePolling<Detail>(
    `replay:${id}`,
    () => api.getReplay(id),
    value => isActiveJob(value.job),
    pollIntervalMs,
  );
  const cancel = useCancelReplay({ onChanged: detail.reload });
  const [onlyFailed, setOnlyFailed] = useState(false);

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
  const shownItems = onlyFailed
    ? items.filter(item => item.status === 'failed')
    : items;
  const rows: Array<[string, ReactNode]> = [
    [
      'Messages',
      job.filter
        ? `Every unresolved message matching the filters below (${plural(
            job.total,
            'message',
          )} when the job started)`
        : plural(job.total, 'selected message'),
    ],
    ...filterEntries(job.filter ?? { environment: job.environment }).map(
      ([label, value]): [string, ReactNode] => [label, value],
    ),
    ['Target', describeTarget(job.target)],
    ['Rate', rateText(job.ratePerSecond)],
    ['Created by', <EntityRef entityRef={job.createdBy} defaultKind="user" />],
    [
      'Created',
      <>
        <DateTime value={job.createdAt} /> (
        <RelativeTime value={job.createdAt} />)
      </>,
    ],
    [
      'Finished',
      job.finishedAt ? <DateTime value={job.finishedAt} /> : undefined,
    ],
    [
      'Last sign of life',
      isActiveJob(job) && job.heartbeatAt ? (
        <RelativeTime value={job.heartbeatAt} />
      ) : undefined,
    ],
    ['Reason', job.reason],
    [
      'Counts',
      `${job.sent.toLocaleString()} sent, ${job.confirmed.toLocaleString()} confirmed, ${job.failed.toLocaleString()} failed of ${job.total.toLocaleString()}`,
    ],
    ['Job id', <span className={classes.mono}>{job.id}</span>],
  ];

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
      <Table size="small" aria-label="Replay summary">
        <TableBody>
          {rows
            .filter(([, value]) => value !== undefined && value !== '')
            .map(([label, value]) => (
              <TableRow key={label}>
                <TableCell component="th" scope="row" className={classes.label}>
                  {label}
                </TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
        </TableBody>
      </Table>
      <Paper className={classes.section}>
        <Toolbar>
          <Box className={classes.toolbarTitle}>
            <Typography variant="h6" component="h3">
              Messages
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {itemsTruncated
                ? `The first ${items.length.toLocaleString()} of ${job.total.toLocaleString()}, failed ones first.`
                : 'Failed ones first.'}
            </Typography>
          </Box>
          <FormControlLabel
            control={
              <Switch
                checked={onlyFailed}
                onChange={event => setOnlyFailed(event.target.checked)}
              />
            }
            label="Only failed"
          />
        </Toolbar>
        <TableContainer>
          <Table size="small" aria-label="Replayed messages">
            <TableHead>
              <TableRow>
                <TableCell>Message</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Error</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shownItems.length === 0 && (
                <TableRow>
                  <TableCell colSpan={3}>
                    <Typography variant="body2" color="textSecondary">
                      {onlyFailed ? 'No failed messages.' : 'No messages.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {shownItems.map(item => (
                <TableRow
                  key={item.messageId}
                  data-testid={`replay-item-${item.messageId}`}
                >
                  <TableCell className={classes.mono}>
                    <Link to={messageHref(item.messageId)}>
                      {item.messageId}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <ItemStatus status={item.status} />
                  </TableCell>
                  <TableCell className={classes.error}>
                    {item.error ?? ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Paper>
      {cancel.dialog}
    </Box>
  );
}
