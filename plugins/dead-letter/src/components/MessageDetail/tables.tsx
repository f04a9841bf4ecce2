import type { DeathRecord } from '@internal/backstage-plugin-dead-letter-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from '@internal/backstage-plugin-portal-react';

const useStyles = makeStyles(theme => ({
  key: {
    fontFamily: 'monospace',
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
    width: '1%',
  },
  value: {
    fontFamily: 'monospace',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
  },
  mono: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
  muted: { color: theme.palette.text.secondary },
}));

/** A header or property value as text: strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined) {
    return '';
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Headers or properties: one row per key, sorted, values as plain text. */
export function KeyValueTable(props: {
  entries: Record<string, unknown> | undefined;
  label: string;
  emptyText: string;
}) {
  const classes = useStyles();
  const entries = Object.entries(props.entries ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyText}
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label={props.label}>
        <TableBody>
          {entries.map(([key, value]) => (
            <TableRow key={key}>
              <TableCell className={classes.key} component="th" scope="row">
                {key}
              </TableCell>
              <TableCell>
                <pre className={classes.value}>{valueText(value)}</pre>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** The message's `x-death` history: every queue it died in, and why. */
export function DeathHistoryTable(props: { records: DeathRecord[] }) {
  const classes = useStyles();
  if (props.records.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No death history (no x-death header).
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Death history">
        <TableHead>
          <TableRow>
            <TableCell>Queue</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell align="right">Count</TableCell>
            <TableCell>Time</TableCell>
            <TableCell>Exchange</TableCell>
            <TableCell>Routing keys</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.records.map((record, index) => (
            <TableRow key={index}>
              <TableCell className={classes.mono}>{record.queue}</TableCell>
              <TableCell>{record.reason}</TableCell>
              <TableCell align="right">{record.count}</TableCell>
              <TableCell>
                <DateTime value={record.time} />
              </TableCell>
              <TableCell className={classes.mono}>
                {record.exchange || (
                  <span className={classes.muted}>(default exchange)</span>
                )}
              </TableCell>
              <TableCell className={classes.mono}>
                {record.routingKeys.join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
