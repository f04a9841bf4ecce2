import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
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
import { ErrorNotice, plural } from '@internal/backstage-plugin-portal-react';
import { deadLetterApiRef, DeadLetterApproval } from '../../api';
import { useUserRef } from '../../hooks/useApprovers';
import { ApprovalRow } from './ApprovalRow';
import { useDecideApproval } from './useDecideApproval';

/** Requests listed (the newest). */
export const APPROVALS_LIMIT = 100;

const useStyles = makeStyles(theme => ({
  title: { flex: '1 1 auto' },
  toolbar: { gap: theme.spacing(2) },
}));

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
                <ApprovalRow
                  key={approval.id}
                  approval={approval}
                  userRef={userRef}
                  busy={decide.busy}
                  onApprove={decide.approve}
                  onRefuse={decide.refuse}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {decide.dialog}
    </Paper>
  );
}
