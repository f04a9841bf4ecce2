import { MouseEvent, ReactNode, useEffect, useMemo, useState } from 'react';
import { Link } from '@backstage/core-components';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
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
  Breakable,
  EntityRef,
  ErrorNotice,
  OwnerRef,
  RelativeTime,
  StateChip,
} from '../shared';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  toolbar: {
    gap: theme.spacing(2),
    paddingLeft: theme.spacing(2),
    paddingRight: theme.spacing(1),
  },
  selectedToolbar: {
    backgroundColor: theme.palette.action.selected,
  },
  title: { flex: '1 1 auto' },
  row: { cursor: 'pointer' },
  mono: {
    fontFamily: 'monospace',
    wordBreak: 'normal',
    overflowWrap: 'normal',
  },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
  },
  nowrap: { whiteSpace: 'nowrap' },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
  },
  empty: { padding: theme.spacing(4, 2), textAlign: 'center' },
}));

export type MessagesTableProps = {
  items: DeadLetterSummary[];
  /** Loading the first page. */
  loading: boolean;
  /** The first page failed to load. */
  error?: Error;
  onRetry?: () => void;
  /** Messages matching the filters, when the backend said. */
  totalEstimate?: number;
  /** `totalEstimate` is a lower bound (the backend stopped counting). */
  totalCapped?: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreError?: Error;
  onLoadMore: () => void;
  /** Reload from the first page (new dead letters arrive all the time). */
  onRefresh?: () => void;
  /** Link target (relative URL) of a message's details. */
  messageHref: (id: string) => string;
  /** A row was clicked. */
  onOpen: (id: string) => void;
  /** Show the environment column (when the list spans environments). */
  showEnvironment?: boolean;
  /** Shown instead of rows when there are none. */
  emptyContent?: ReactNode;
  /**
   * Actions on the selected messages, shown in the toolbar while some are
   * selected (the browser puts discard and restore here).
   */
  selectionActions?: (selected: DeadLetterSummary[]) => ReactNode;
  /**
   * Actions on the whole list, shown in the toolbar while nothing is
   * selected (the browser puts "Replay all matching" here).
   */
  actions?: ReactNode;
};

/**
 * Dead-lettered messages, newest first, with multi-select and "Load more".
 * Everything in a row comes from the message and is rendered as plain text.
 */
export function MessagesTable(props: MessagesTableProps) {
  const {
    items,
    loading,
    error,
    onRetry,
    totalEstimate,
    totalCapped,
    hasMore,
    loadingMore,
    loadMoreError,
    onLoadMore,
    onRefresh,
    messageHref,
    onOpen,
    showEnvironment,
    emptyContent,
    selectionActions,
    actions,
  } = props;
  const classes = useStyles();
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());

  // Forget selected messages that are no longer listed (other filters).
  useEffect(() => {
    setSelectedIds(previous => {
      const listed = new Set(items.map(item => item.id));
      const kept = [...previous].filter(id => listed.has(id));
      return kept.length === previous.size ? previous : new Set(kept);
    });
  }, [items]);

  const selected = useMemo(
    () => items.filter(item => selectedIds.has(item.id)),
    [items, selectedIds],
  );
  const allSelected = items.length > 0 && selected.length === items.length;

  const toggle = (id: string) =>
    setSelectedIds(previous => {
      const next = new Set(previous);
      if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });

  const toggleAll = () =>
    setSelectedIds(
      allSelected ? new Set() : new Set(items.map(item => item.id)),
    );

  const onRowClick = (event: MouseEvent<HTMLElement>, id: string) => {
    // Links, checkboxes and buttons in the row do their own thing.
    const target = event.target as HTMLElement;
    if (target.closest('a, button, input, label')) {
      return;
    }
    onOpen(id);
  };

  const columns = 8 + (showEnvironment ? 1 : 0);
  let countText = '';
  if (!loading && !error) {
    countText =
      totalEstimate !== undefined && totalEstimate > items.length
        ? `${items.length.toLocaleString()} of ${totalEstimate.toLocaleString()}${
            totalCapped ? '+' : ''
          }`
        : items.length.toLocaleString();
  }

  return (
    <Paper>
      <Toolbar
        className={`${classes.toolbar} ${
          selected.length ? classes.selectedToolbar : ''
        }`}
      >
        {selected.length > 0 ? (
          <>
            <Typography className={classes.title} variant="subtitle1">
              {selected.length} selected
            </Typography>
            {selectionActions?.(selected)}
            <Button size="small" onClick={() => setSelectedIds(new Set())}>
              Clear selection
            </Button>
          </>
        ) : (
          <Typography className={classes.title} variant="h6">
            Messages{' '}
            {countText && (
              <Typography component="span" color="textSecondary">
                ({countText})
              </Typography>
            )}
          </Typography>
        )}
        {selected.length === 0 && actions}
        {selected.length === 0 && onRefresh && (
          <Tooltip title="Refresh">
            <span>
              <IconButton
                aria-label="Refresh"
                onClick={onRefresh}
                disabled={loading}
              >
                <RefreshIcon />
              </IconButton>
            </span>
          </Tooltip>
        )}
      </Toolbar>
      {loading && <LinearProgress aria-label="Loading messages" />}
      {error ? (
        <Box p={2}>
          <ErrorNotice
            title="Could not load the messages"
            error={error}
            onRetry={onRetry}
          />
        </Box>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Dead-lettered messages">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Checkbox
                    indeterminate={selected.length > 0 && !allSelected}
                    checked={allSelected}
                    disabled={items.length === 0}
                    onChange={toggleAll}
                    inputProps={{ 'aria-label': 'Select all listed messages' }}
                  />
                </TableCell>
                <TableCell>Captured</TableCell>
                {showEnvironment && <TableCell>Environment</TableCell>}
                <TableCell>Source queue</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Message type</TableCell>
                <TableCell>Component</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell align="right">Size</TableCell>
                <TableCell>State</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {!loading && items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={columns + 1} className={classes.empty}>
                    {emptyContent ?? (
                      <Typography>
                        No dead letters match these filters.
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              )}
              {items.map(item => {
                const isSelected = selectedIds.has(item.id);
                return (
                  <TableRow
                    key={item.id}
                    hover
                    selected={isSelected}
                    className={classes.row}
                    onClick={event => onRowClick(event, item.id)}
                    data-testid={`message-row-${item.id}`}
                  >
                    <TableCell padding="checkbox">
                      <Checkbox
                        checked={isSelected}
                        onChange={() => toggle(item.id)}
                        inputProps={{
                          'aria-label': `Select message ${item.id}`,
                        }}
                      />
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      <Link to={messageHref(item.id)}>
                        <RelativeTime value={item.capturedAt} />
                      </Link>
                    </TableCell>
                    {showEnvironment && (
                      <TableCell>{item.environment}</TableCell>
                    )}
                    <TableCell className={classes.mono}>
                      <Breakable text={item.sourceQueue} />
                    </TableCell>
                    <TableCell>
                      {item.reason}
                      {item.exceptionType && (
                        <span className={classes.secondary}>
                          <Breakable text={item.exceptionType} />
                        </span>
                      )}
                    </TableCell>
                    <TableCell className={classes.mono}>
                      {item.messageType ? (
                        <Breakable text={item.messageType} />
                      ) : (
                        '—'
                      )}
                    </TableCell>
                    <TableCell>
                      <EntityRef
                        entityRef={item.componentRef}
                        defaultKind="component"
                      />
                    </TableCell>
                    <TableCell>
                      <OwnerRef ownerRef={item.ownerRef} />
                    </TableCell>
                    <TableCell align="right" className={classes.nowrap}>
                      {formatBytes(item.bodySize)}
                    </TableCell>
                    <TableCell>
                      <StateChip state={item.state} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {!loading && !error && items.length > 0 && (
        <Box className={classes.footer}>
          {hasMore ? (
            <Button
              variant="outlined"
              onClick={onLoadMore}
              disabled={loadingMore}
            >
              {loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          ) : (
            <Typography variant="body2" color="textSecondary">
              {items.length === 1
                ? 'That is the only matching message.'
                : `All ${items.length.toLocaleString()} matching messages are shown.`}
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
