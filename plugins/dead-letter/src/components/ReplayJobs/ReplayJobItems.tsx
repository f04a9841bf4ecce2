import { useState } from 'react';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
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
import type { ReplayItemStatus, ReplayJobItem } from '../../api';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  error: { overflowWrap: 'anywhere', color: theme.palette.error.main },
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
 * A replay job's messages (as the backend lists them: failed ones first),
 * each with its status, error and a link to the message.
 */
export function ReplayJobItems(props: {
  items: ReplayJobItem[];
  /** The backend listed only the first items. */
  truncated?: boolean;
  total: number;
  /** Link target of a message's details. */
  messageHref: (id: string) => string;
}) {
  const { items, truncated, total, messageHref } = props;
  const classes = useStyles();
  const [onlyFailed, setOnlyFailed] = useState(false);
  const shownItems = onlyFailed
    ? items.filter(item => item.status === 'failed')
    : items;
  return (
    <Paper className={classes.section}>
      <Toolbar>
        <Box className={classes.toolbarTitle}>
          <Typography variant="h6" component="h3">
            Messages
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {truncated
              ? `The first ${items.length.toLocaleString()} of ${total.toLocaleString()}, failed ones first.`
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
                  <Link to={messageHref(item.messageId)}>{item.messageId}</Link>
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
  );
}
