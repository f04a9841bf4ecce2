import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Toolbar from '@material-ui/core/Toolbar';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import type { FailureGroup } from '../../api';
import { visibleGroups } from '../../lib/groups';
import { FailureGroupRow } from './FailureGroupRow';

const useStyles = makeStyles(theme => ({
  toolbar: { paddingLeft: theme.spacing(2), gap: theme.spacing(2) },
  title: { flex: '1 1 auto' },
}));

/**
 * Messages that failed the same way, biggest first. Clicking a group filters
 * the messages list to it (and clicking it again clears that).
 */
export function FailureGroupsTable(props: {
  groups: FailureGroup[];
  loading: boolean;
  error?: Error;
  /** Fingerprint of the group the list is filtered to. */
  selected?: string;
  /** Link target (relative URL) that filters the list to a group. */
  groupHref: (fingerprint: string | undefined) => string;
  onSelect: (fingerprint: string | undefined) => void;
  onRetry?: () => void;
  /** What the groups cover, e.g. "unresolved messages in prod". */
  caption: string;
  /** Offers "Replay group" on each row. */
  onReplay?: (group: FailureGroup) => void;
}) {
  const {
    groups,
    loading,
    error,
    selected,
    groupHref,
    onSelect,
    onRetry,
    caption,
    onReplay,
  } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const { sorted, shown, collapsible } = visibleGroups(
    groups,
    expanded,
    selected,
  );

  return (
    <Paper>
      <Toolbar className={classes.toolbar}>
        <Box className={classes.title}>
          <Typography variant="h6">Failure groups</Typography>
          <Typography variant="body2" color="textSecondary">
            {caption}. Pick a group to list its messages.
          </Typography>
        </Box>
      </Toolbar>
      {loading && <LinearProgress aria-label="Loading failure groups" />}
      {error && (
        <Box p={2}>
          <ErrorNotice
            title="Could not load the failure groups"
            error={error}
            onRetry={onRetry}
          />
        </Box>
      )}
      {!loading && !error && groups.length === 0 && (
        <Box px={2} pb={2}>
          <Typography variant="body2" color="textSecondary">
            No failure groups: nothing matches these filters.
          </Typography>
        </Box>
      )}
      {!error && groups.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label="Failure groups">
            <TableHead>
              <TableRow>
                <TableCell>Source queue</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Exception / message type</TableCell>
                <TableCell align="right">Count</TableCell>
                <TableCell>First seen</TableCell>
                <TableCell>Last seen</TableCell>
                <TableCell>Owner</TableCell>
                {onReplay && (
                  <TableCell>
                    <Typography variant="srOnly">Actions</Typography>
                  </TableCell>
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map(group => {
                const isSelected = group.fingerprint === selected;
                return (
                  <FailureGroupRow
                    key={group.fingerprint}
                    group={group}
                    selected={isSelected}
                    href={groupHref(isSelected ? undefined : group.fingerprint)}
                    onToggle={() =>
                      onSelect(isSelected ? undefined : group.fingerprint)
                    }
                    onReplay={onReplay}
                  />
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {collapsible && (
        <Box px={2} py={1}>
          <Button size="small" onClick={() => setExpanded(!expanded)}>
            {expanded
              ? 'Show fewer groups'
              : `Show all ${sorted.length} groups`}
          </Button>
        </Box>
      )}
    </Paper>
  );
}
