import type { DeathRecord } from '@internal/backstage-plugin-dead-letter-common';
import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from '@internal/backstage-plugin-portal-react';
import { COLLAPSED_VALUE_LENGTH, valueText } from '../../lib/headerValues';

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

/** A value cell: long values collapsed behind "Show all". */
function ValueCell(props: { name: string; value: unknown }) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const text = valueText(props.value);
  const long = text.length > COLLAPSED_VALUE_LENGTH;
  return (
    <>
      <pre className={classes.value}>
        {long && !expanded ? `${text.slice(0, COLLAPSED_VALUE_LENGTH)}…` : text}
      </pre>
      {long && (
        <Button
          size="small"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Show less of' : 'Show all of'} ${
            props.name
          }`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded
            ? 'Show less'
            : `Show all (${text.length.toLocaleString('en-GB')} characters)`}
        </Button>
      )}
    </>
  );
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
                <ValueCell name={key} value={value} />
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
