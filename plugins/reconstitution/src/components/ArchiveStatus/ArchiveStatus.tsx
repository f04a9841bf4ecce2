import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  formatNumber,
  plural,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { ReconstitutionArchiveStatus } from '../../api';

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  dot: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: '50%',
    flexShrink: 0,
    alignSelf: 'center',
  },
  ok: { backgroundColor: theme.palette.success.main },
  down: { backgroundColor: theme.palette.error.main },
  environment: { fontWeight: 600 },
  error: { color: theme.palette.error.main, overflowWrap: 'anywhere' },
  parked: { color: theme.palette.warning.dark },
  reasons: {
    margin: theme.spacing(0, 0, 0, 3),
    padding: 0,
    listStyle: 'none',
    overflowWrap: 'anywhere',
  },
}));

/**
 * How the archive of one environment is doing, in one line: connected with
 * the number of archived events, or "not connected" with the last error.
 */
export function ArchiveStatusLine(props: {
  status: ReconstitutionArchiveStatus;
}) {
  const { status } = props;
  const classes = useStyles();
  return (
    <Box
      className={classes.line}
      data-testid={`archive-status-${status.environment}`}
    >
      <span
        className={`${classes.dot} ${
          status.active ? classes.ok : classes.down
        }`}
        aria-hidden
      />
      <Typography variant="body2" component="span">
        <span className={classes.environment}>{status.environment}</span>
        {' — '}
        {status.active ? 'connected' : 'not connected'}
        {' · '}
        {formatNumber(status.archived)} events archived
        {status.lastArchivedAt && (
          <>
            {' · last '}
            <RelativeTime value={status.lastArchivedAt} />
          </>
        )}
      </Typography>
      {!status.active && status.lastError && (
        <Typography variant="body2" component="span" className={classes.error}>
          {status.lastError}
        </Typography>
      )}
      <ParkedEvents status={status} />
    </Box>
  );
}

/**
 * Events the archive could not store and kept aside, with the latest
 * reasons. Reasons and routing keys come from the broker's data: rendered
 * as text only.
 */
function ParkedEvents(props: { status: ReconstitutionArchiveStatus }) {
  const { parked, recentParked } = props.status;
  const classes = useStyles();
  if (!parked) return null;
  return (
    <Box
      width="100%"
      data-testid={`archive-parked-${props.status.environment}`}
    >
      <Typography variant="body2" className={classes.parked}>
        {plural(parked, 'event')} parked: the archive could not store{' '}
        {parked === 1 ? 'it' : 'them'} and kept {parked === 1 ? 'it' : 'them'}{' '}
        aside; archiving goes on.
      </Typography>
      {recentParked.length > 0 && (
        <ul className={classes.reasons} aria-label="Latest parked events">
          {recentParked.map(event => (
            <li key={`${event.parkedAt}-${event.routingKey}-${event.reason}`}>
              <Typography variant="caption">
                <RelativeTime value={event.parkedAt} />
                {' · '}
                {event.exchange || '(default exchange)'} ({event.routingKey})
                {' — '}
                {event.reason}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

/** The archive of every environment, a line each. */
export function ArchiveStatusList(props: {
  items: ReconstitutionArchiveStatus[];
}) {
  return (
    <Box display="flex" flexDirection="column" gridGap={4}>
      {props.items.map(status => (
        <ArchiveStatusLine key={status.environment} status={status} />
      ))}
    </Box>
  );
}
