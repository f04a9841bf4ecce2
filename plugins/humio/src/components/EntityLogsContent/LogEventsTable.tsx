import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { HumioLogEvent } from '../../api';
import { formatTimestamp } from './format';

const useStyles = makeStyles((theme: Theme) => ({
  time: { whiteSpace: 'nowrap', verticalAlign: 'top' },
  level: { fontWeight: 700, verticalAlign: 'top' },
  error: { color: theme.palette.error.main },
  warn: { color: theme.palette.warning.main },
  info: { color: theme.palette.info.main },
  other: { color: theme.palette.text.secondary },
  message: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  fields: {
    color: theme.palette.text.secondary,
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    wordBreak: 'break-word',
  },
}));

function levelClass(
  level: string | undefined,
  classes: ReturnType<typeof useStyles>,
): string {
  switch (level) {
    case 'ERROR':
    case 'FATAL':
    case 'CRITICAL':
      return classes.error;
    case 'WARN':
    case 'WARNING':
      return classes.warn;
    case 'INFO':
      return classes.info;
    default:
      return classes.other;
  }
}

/**
 * Recent events, newest first. Everything Humio returned is rendered as
 * React text, so log lines holding markup show as the characters they are.
 */
export function LogEventsTable(props: { events: HumioLogEvent[] }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Log events">
      <TableHead>
        <TableRow>
          <TableCell>Time</TableCell>
          <TableCell>Level</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.events.map((event, index) => (
          <TableRow key={event.id ?? `${event.timestamp}-${index}`}>
            <TableCell className={classes.time}>
              <time dateTime={event.timestamp} title={event.timestamp}>
                {formatTimestamp(event.timestamp)}
              </time>
            </TableCell>
            <TableCell
              className={`${classes.level} ${levelClass(event.level, classes)}`}
              data-testid="log-level"
            >
              {event.level ?? '–'}
            </TableCell>
            <TableCell>
              <div className={classes.message} data-testid="log-message">
                {event.message}
              </div>
              {Object.keys(event.fields).length > 0 && (
                <div className={classes.fields}>
                  {Object.entries(event.fields)
                    .map(([key, value]) => `${key}=${value}`)
                    .join('  ')}
                </div>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
