import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  DateTime,
  formatNumber,
} from '@internal/backstage-plugin-portal-react';
import type { DryRunResult } from '../../api';

const useStyles = makeStyles(theme => ({
  stale: { opacity: 0.5 },
  total: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  tables: {
    display: 'grid',
    gridTemplateColumns: 'minmax(280px, 2fr) minmax(480px, 5fr)',
    gap: theme.spacing(3),
    [theme.breakpoints.down('sm')]: { gridTemplateColumns: '1fr' },
  },
  mono: { fontFamily: 'monospace', overflowWrap: 'break-word' },
  number: {
    textAlign: 'right',
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  },
}));

/**
 * What a dry run found: the number of matching events, the count per event
 * name and the first events in delivery order. Greyed out when `stale`.
 */
export function DryRunResultView(props: {
  result: DryRunResult;
  stale?: boolean;
}) {
  const { result, stale } = props;
  const classes = useStyles();
  return (
    <Box
      className={stale ? classes.stale : undefined}
      aria-label="Dry run result"
      role="region"
    >
      <Box className={classes.total}>
        <Typography variant="h3" component="span" data-testid="dry-run-total">
          {formatNumber(result.total)}
        </Typography>
        <Typography variant="h6" component="span" color="textSecondary">
          matching {result.total === 1 ? 'event' : 'events'}
        </Typography>
      </Box>
      {result.total === 0 && !stale && (
        <Alert severity="info">
          No archived event matches this selection, so a job would deliver
          nothing. Widen the time range, check the entity ids and event names,
          or choose another producer or environment.
        </Alert>
      )}
      {result.total > 0 && (
        <Box className={classes.tables}>
          <TableContainer>
            <Table size="small" aria-label="Events by name">
              <TableHead>
                <TableRow>
                  <TableCell>Event name</TableCell>
                  <TableCell className={classes.number}>Events</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.byEventName.map(row => (
                  <TableRow key={row.eventName}>
                    <TableCell className={classes.mono}>
                      {row.eventName}
                    </TableCell>
                    <TableCell className={classes.number}>
                      {formatNumber(row.count)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TableContainer>
            <Table size="small" aria-label="Sample events">
              <TableHead>
                <TableRow>
                  <TableCell>Occurred at</TableCell>
                  <TableCell>Entity id</TableCell>
                  <TableCell>Event name</TableCell>
                  <TableCell>Message id</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.sample.slice(0, 10).map(event => (
                  <TableRow key={event.messageId}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      <DateTime value={event.occurredAt} />
                    </TableCell>
                    <TableCell className={classes.mono}>
                      {event.entityId}
                    </TableCell>
                    <TableCell className={classes.mono}>
                      {event.eventName}
                    </TableCell>
                    <TableCell className={classes.mono}>
                      {event.messageId}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Typography variant="caption" color="textSecondary">
              The first {Math.min(10, result.sample.length)} in delivery order.
              Payloads and headers are never shown here: they can hold customer
              data.
            </Typography>
          </TableContainer>
        </Box>
      )}
    </Box>
  );
}
