import { ReactNode } from 'react';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { useSelection } from '../../hooks/useSelection';
import { MessageRow } from './MessageRow';
import { MessagesFooter } from './MessagesFooter';
import { countText, MessagesToolbar } from './MessagesToolbar';

const useStyles = makeStyles(theme => ({
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
  const selection = useSelection(items);
  const { selected, allSelected } = selection;

  const columns = 8 + (showEnvironment ? 1 : 0);
  const count =
    !loading && !error
      ? countText(items.length, totalEstimate, totalCapped)
      : '';

  return (
    <Paper>
      <MessagesToolbar
        selected={selected.length}
        selectionActions={selected.length > 0 && selectionActions?.(selected)}
        onClearSelection={selection.clear}
        count={count}
        actions={actions}
        onRefresh={onRefresh}
        loading={loading}
      />
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
                    onChange={selection.toggleAll}
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
              {items.map(item => (
                <MessageRow
                  key={item.id}
                  item={item}
                  selected={selection.isSelected(item.id)}
                  onToggle={() => selection.toggle(item.id)}
                  href={messageHref(item.id)}
                  onOpen={() => onOpen(item.id)}
                  showEnvironment={showEnvironment}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {!loading && !error && items.length > 0 && (
        <MessagesFooter
          listed={items.length}
          hasMore={hasMore}
          loadingMore={loadingMore}
          loadMoreError={loadMoreError}
          onLoadMore={onLoadMore}
        />
      )}
    </Paper>
  );
}
