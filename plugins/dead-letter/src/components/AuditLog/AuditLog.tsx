import { useApi } from '@backstage/frontend-plugin-api';
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
import {
  DateTime,
  EntityRef,
  ErrorNotice,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import { AuditOutcome, deadLetterApiRef } from '../../api';
import { useCursorPages } from '../../hooks/useCursorPages';

/** Audit entries per page. */
export const AUDIT_PAGE_SIZE = 50;

const useStyles = makeStyles(theme => ({
  title: { flex: '1 1 auto' },
  nowrap: { whiteSpace: 'nowrap' },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
  },
  details: { overflowWrap: 'anywhere' },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
  },
  empty: { padding: theme.spacing(4, 2), textAlign: 'center' },
  succeeded: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  failed: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  denied: {
    color: theme.palette.warning.dark,
    borderColor: theme.palette.warning.dark,
  },
}));

function OutcomeChip(props: { outcome: AuditOutcome }) {
  const classes = useStyles();
  const className = (classes as Record<string, string>)[props.outcome];
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.outcome}
      className={className}
    />
  );
}

const ACTION_LABELS: Record<string, string> = {
  discard: 'discard',
  restore: 'restore',
  replay: 'replay',
  'cancel-replay': 'cancel replay',
  purge: 'purge (retention)',
};

/**
 * Who discarded, restored or replayed which dead letters, newest first.
 * Everything in an entry is rendered as plain text.
 */
export function AuditLog() {
  const api = useApi(deadLetterApiRef);
  const classes = useStyles();
  const {
    items,
    loading,
    error,
    nextCursor,
    loadingMore,
    loadMoreError,
    loadMore,
    reload,
  } = useCursorPages('audit', cursor =>
    api.listAudit(
      cursor ? { limit: AUDIT_PAGE_SIZE, cursor } : { limit: AUDIT_PAGE_SIZE },
    ),
  );

  return (
    <Paper>
      <Toolbar>
        <Typography className={classes.title} variant="h6">
          Audit log
        </Typography>
        <Tooltip title="Refresh">
          <span>
            <IconButton
              aria-label="Refresh audit log"
              onClick={reload}
              disabled={loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Toolbar>
      {loading && <LinearProgress aria-label="Loading the audit log" />}
      {error ? (
        <Box p={2}>
          <ErrorNotice
            title="Could not load the audit log"
            error={error}
            onRetry={reload}
          />
        </Box>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Audit log">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>Action</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell align="right">Requested</TableCell>
                <TableCell align="right">Affected</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Details</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {!loading && items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={8} className={classes.empty}>
                    <Typography>
                      Nobody has discarded, restored or replayed dead letters
                      yet.
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {items.map(entry => (
                <TableRow key={entry.id} data-testid={`audit-row-${entry.id}`}>
                  <TableCell className={classes.nowrap}>
                    <DateTime value={entry.at} />
                    <span className={classes.secondary}>
                      <RelativeTime value={entry.at} />
                    </span>
                  </TableCell>
                  <TableCell>
                    {entry.action === 'purge' ? (
                      'Retention task'
                    ) : (
                      <EntityRef entityRef={entry.actor} defaultKind="user" />
                    )}
                  </TableCell>
                  <TableCell>
                    {ACTION_LABELS[entry.action] ?? entry.action}
                  </TableCell>
                  <TableCell>{entry.environment ?? '—'}</TableCell>
                  <TableCell align="right">
                    {entry.requested.toLocaleString()}
                  </TableCell>
                  <TableCell align="right">
                    {entry.affected.toLocaleString()}
                  </TableCell>
                  <TableCell>
                    <OutcomeChip outcome={entry.outcome} />
                  </TableCell>
                  <TableCell className={classes.details}>
                    {entry.details ?? ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {!loading && !error && items.length > 0 && (
        <Box className={classes.footer}>
          {nextCursor ? (
            <Button
              variant="outlined"
              onClick={loadMore}
              disabled={loadingMore}
            >
              {loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          ) : (
            <Typography variant="body2" color="textSecondary">
              {`All ${items.length.toLocaleString()} entries are shown.`}
            </Typography>
          )}
          {loadMoreError && (
            <Typography variant="body2" color="error" role="alert">
              Could not load more: {loadMoreError.message}
            </Typography>
          )}
        </Box>
      )}
    </Paper>
  );
}
