import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import { deadLetterApiRef, DeadLetterApproval } from '../../api';
import { useApprovers, useUserRef } from '../../hooks/useApprovers';
import {
  approvalStateLabel,
  awaitingText,
  requestSummary,
} from '../../lib/approvals';
import { describeTarget, filterEntries, plural } from '../../lib/replay';
import { replayRouteRef } from '../../routes';
import { DateTime, EntityRef, ErrorNotice, RelativeTime } from '../shared';
import { useDecideApproval } from './useDecideApproval';

/** Requests listed (the newest). */
export const APPROVALS_LIMIT = 100;

const useStyles = makeStyles(theme => ({
  title: { flex: '1 1 auto' },
  toolbar: { gap: theme.spacing(2) },
  wrap: { overflowWrap: 'anywhere', maxWidth: 320 },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    overflowWrap: 'anywhere',
  },
  buttons: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
  awaiting: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  refused: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

/** Where the request stands and who may move it on, as plain text. */
function Standing(props: { approval: DeadLetterApproval; userRef?: string }) {
  const { approval, userRef } = props;
  const classes = useStyles();
  const approvers = useApprovers(approval.ownerRefs);
  const replayRoute = useRouteRef(replayRouteRef);
  switch (approval.state) {
    case 'awaiting-approval':
      return (
        <span className={classes.secondary}>
          {awaitingText(approvers, userRef === approval.requestedBy)}
        </span>
      );
    case 'approved':
      return (
        <span className={classes.secondary}>
          Approved by{' '}
          <EntityRef entityRef={approval.decidedBy} defaultKind="user" />{' '}
          <RelativeTime value={approval.decidedAt} />
          {approval.jobId && replayRoute && (
            <>
              {' · '}
              <Link to={replayRoute({ id: approval.jobId })}>
                View the replay
              </Link>
            </>
          )}
          {approval.affected !== undefined &&
            ` · ${plural(approval.affected, 'message')} discarded`}
        </span>
      );
    case 'refused':
      return (
        <span className={`${classes.secondary} ${classes.wrap}`}>
          Refused by{' '}
          <EntityRef entityRef={approval.decidedBy} defaultKind="user" />:{' '}
          {approval.reason ?? 'no reason given'}
        </span>
      );
    default:
      return (
        <span className={classes.secondary}>
          Nobody approved it in time; it will not run
        </span>
      );
  }
}

/**
 * Replays and discards held for a second person (four eyes on large
 * production actions), newest first: state, what and how many, environment,
 * who asked and when, until when, and who may approve. Approve and Refuse
 * show only where the backend says the caller may decide; the decision
 * shows in place. Everything is plain text.
 */
export function Approvals() {
  const classes = useStyles();
  const api = useApi(deadLetterApiRef);
  const userRef = useUserRef();
  const list = useAsyncRetry(
    () => api.listApprovals({ limit: APPROVALS_LIMIT }),
    [api],
  );
  // Decisions shown in place, without reading the whole list again.
  const [decided, setDecided] = useState<Record<string, DeadLetterApproval>>(
    {},
  );
  const decide = useDecideApproval({
    onDecided: approval =>
      setDecided(current => ({ ...current, [approval.id]: approval })),
  });
  const items = (list.value ?? []).map(a => decided[a.id] ?? a);
  const chipClass: Partial<Record<DeadLetterApproval['state'], string>> = {
    'awaiting-approval': classes.awaiting,
    refused: classes.refused,
  };
  const mine = items.filter(
    a => a.canDecide && a.state === 'awaiting-approval',
  ).length;

  return (
    <Paper>
      <Toolbar className={classes.toolbar}>
        <Box className={classes.title}>
          <Typography variant="h6" component="h2">
            Approval requests
          </Typography>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="approvals-summary"
          >
            {mine > 0
              ? `${plural(mine, 'request')} ${
                  mine === 1 ? 'awaits' : 'await'
                } your approval`
              : 'Large production replays and discards wait here for a second person'}
          </Typography>
        </Box>
        <Tooltip title="Refresh">
          <span>
            <IconButton
              aria-label="Refresh approval requests"
              onClick={() => {
                setDecided({});
                list.retry();
              }}
              disabled={list.loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Toolbar>
      {list.loading && <LinearProgress aria-label="Loading requests" />}
      {list.error && (
        <Box px={2} pb={2}>
          <ErrorNotice
            title="Could not load the approval requests"
            error={list.error}
            onRetry={list.retry}
          />
        </Box>
      )}
      {list.value && items.length === 0 && (
        <Box px={2} pb={2}>
          <Typography variant="body2" color="textSecondary">
            No requests.
          </Typography>
        </Box>
      )}
      {items.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label="Approval requests">
            <TableHead>
              <TableRow>
                <TableCell>State</TableCell>
                <TableCell>Request</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Requested by</TableCell>
                <TableCell>Expires</TableCell>
                <TableCell>Decision</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(approval => (
                <TableRow
                  key={approval.id}
                  data-testid={`approval-${approval.id}`}
                >
                  <TableCell>
                    <Chip
                      size="small"
                      label={approvalStateLabel(approval.state)}
                      className={chipClass[approval.state]}
                    />
                  </TableCell>
                  <TableCell className={classes.wrap}>
                    {requestSummary(approval)}
                    {approval.action === 'replay' && (
                      <span className={classes.secondary}>
                        Target: {describeTarget(approval.target)}
                      </span>
                    )}
                    {approval.filter && (
                      <span className={classes.secondary}>
                        {filterEntries(approval.filter)
                          .map(([label, value]) => `${label}: ${value}`)
                          .join(' · ')}
                      </span>
                    )}
                  </TableCell>
                  <TableCell>{approval.environment}</TableCell>
                  <TableCell>
                    <EntityRef
                      entityRef={approval.requestedBy}
                      defaultKind="user"
                    />
                    <span className={classes.secondary}>
                      <DateTime value={approval.requestedAt} />
                    </span>
                  </TableCell>
                  <TableCell>
                    <DateTime value={approval.expiresAt} />
                  </TableCell>
                  <TableCell>
                    <Standing approval={approval} userRef={userRef} />
                    {approval.canDecide &&
                      approval.state === 'awaiting-approval' && (
                        <Box className={classes.buttons} mt={0.5}>
                          <Button
                            size="small"
                            variant="contained"
                            color="primary"
                            onClick={() => decide.approve(approval)}
                            disabled={decide.busy}
                          >
                            Approve
                          </Button>
                          <Button
                            size="small"
                            variant="outlined"
                            color="secondary"
                            onClick={() => decide.refuse(approval)}
                            disabled={decide.busy}
                          >
                            Refuse
                          </Button>
                        </Box>
                      )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {decide.dialog}
    </Paper>
  );
}
