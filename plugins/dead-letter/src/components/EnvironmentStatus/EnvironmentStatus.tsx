import { StatusError, StatusOK } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { DeadLetterEnvironment } from '../../api';
import { DateTime, RelativeTime } from '../shared';

const useStyles = makeStyles(theme => ({
  tabLabel: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    textTransform: 'none',
  },
  dot: {
    width: 8,
    height: 8,
    borderRadius: '50%',
    display: 'inline-block',
  },
  connected: { backgroundColor: theme.palette.success.main },
  connecting: { backgroundColor: theme.palette.warning.main },
  down: { backgroundColor: theme.palette.error.main },
  mono: { fontFamily: 'monospace', overflowWrap: 'break-word' },
  error: { color: theme.palette.error.main, wordBreak: 'break-word' },
  details: { flexDirection: 'column' },
}));

function isDown(environment: DeadLetterEnvironment) {
  return (
    environment.connection.state === 'disconnected' ||
    environment.connection.state === 'stopped'
  );
}

/**
 * One tab per environment, with its unresolved count and a dot for the
 * broker connection (green connected, amber connecting, red down).
 */
export function EnvironmentTabs(props: {
  environments: DeadLetterEnvironment[];
  selected: string | undefined;
  /** Unresolved messages per environment, when known. */
  counts?: Map<string, number>;
  onSelect: (environment: string) => void;
}) {
  const { environments, selected, counts, onSelect } = props;
  const classes = useStyles();
  const known = environments.some(e => e.name === selected);
  return (
    <Tabs
      value={known ? selected : false}
      onChange={(_event, value: string) => onSelect(value)}
      indicatorColor="primary"
      textColor="primary"
      variant="scrollable"
      aria-label="Environment"
    >
      {environments.map(environment => {
        const count = counts?.get(environment.name);
        let dotClass = classes.connected;
        let connection = 'connected';
        if (isDown(environment)) {
          dotClass = classes.down;
          connection = `not connected (${environment.connection.state})`;
        } else if (environment.connection.state === 'connecting') {
          dotClass = classes.connecting;
          connection = 'connecting';
        }
        return (
          <Tab
            key={environment.name}
            value={environment.name}
            label={
              <span className={classes.tabLabel}>
                <span
                  className={`${classes.dot} ${dotClass}`}
                  title={`Broker ${connection}`}
                  aria-label={`Broker ${connection}`}
                  role="img"
                />
                {environment.name}
                {count !== undefined && (
                  <Chip
                    size="small"
                    label={count.toLocaleString()}
                    color={count > 0 ? 'secondary' : 'default'}
                    aria-label={`${count} unresolved`}
                  />
                )}
              </span>
            }
          />
        );
      })}
    </Tabs>
  );
}

/**
 * The broker connection of one environment (a prominent alert when it is not
 * connected) and how capturing from each dead-letter queue is doing.
 */
export function EnvironmentStatus(props: {
  environment: DeadLetterEnvironment;
  /** Show the per-queue capture status, not only connection problems. */
  showQueues?: boolean;
}) {
  const { environment, showQueues = true } = props;
  const { connection, queues, discovery } = environment;
  const classes = useStyles();
  const failing = queues.filter(queue => !queue.active || queue.lastError);
  const discovered = new Set(discovery?.queues ?? []);

  let summary: string;
  if (queues.length === 0) {
    summary = `No dead-letter queues are captured in ${environment.name}`;
  } else if (failing.length === 0) {
    summary = `Capturing from ${queues.length} dead-letter queue${
      queues.length === 1 ? '' : 's'
    }`;
  } else {
    summary = `${failing.length} of ${queues.length} dead-letter queue${
      queues.length === 1 ? '' : 's'
    } not capturing or failing`;
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {isDown(environment) && (
        <Alert severity="error" role="alert">
          <AlertTitle>
            Not connected to RabbitMQ in {environment.name}
          </AlertTitle>
          The broker connection is {connection.state} (since{' '}
          <DateTime value={connection.since} />
          ). New dead letters are not being captured; the list shows what was
          captured before.
          {connection.lastError && (
            <Box mt={1} className={classes.mono}>
              Last error: {connection.lastError}
            </Box>
          )}
        </Alert>
      )}
      {connection.state === 'connecting' && (
        <Alert severity="warning">
          <AlertTitle>Connecting to RabbitMQ in {environment.name}…</AlertTitle>
          Since <DateTime value={connection.since} />.
          {connection.lastError && (
            <Box mt={1} className={classes.mono}>
              Last error: {connection.lastError}
            </Box>
          )}
        </Alert>
      )}
      {showQueues && (
        <Accordion defaultExpanded={failing.length > 0} variant="outlined">
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Box display="flex" alignItems="center" gridGap={16}>
              {connection.state === 'connected' && (
                <StatusOK>
                  <span>
                    Connected since <RelativeTime value={connection.since} />
                  </span>
                </StatusOK>
              )}
              {failing.length > 0 ? (
                <StatusError>{summary}</StatusError>
              ) : (
                <Typography variant="body2">{summary}</Typography>
              )}
            </Box>
          </AccordionSummary>
          <AccordionDetails className={classes.details}>
            {discovery && (
              <Box mb={2}>
                {discovery.lastError ? (
                  <Alert severity="warning">
                    <AlertTitle>
                      Queue discovery is not connected in {environment.name}
                    </AlertTitle>
                    Dead-letter queues named like{' '}
                    <code className={classes.mono}>{discovery.pattern}</code>{' '}
                    cannot be listed, so new ones are not picked up; the queues
                    below are still captured.
                    <Box mt={1} className={classes.mono}>
                      Last error: {discovery.lastError}
                    </Box>
                  </Alert>
                ) : (
                  <Typography variant="body2">
                    Also capturing every queue named like{' '}
                    <code className={classes.mono}>{discovery.pattern}</code>
                    {discovery.lastListedAt ? (
                      <>
                        {' '}
                        (listed <RelativeTime
                          value={discovery.lastListedAt}
                        />; {discovery.queues.length} found)
                      </>
                    ) : (
                      ' (not listed yet)'
                    )}
                    .
                  </Typography>
                )}
              </Box>
            )}
            {queues.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                The backend captures no dead-letter queue in this environment.
                Check the dead-letter backend configuration.
              </Typography>
            ) : (
              <Table
                size="small"
                aria-label={`Capture status in ${environment.name}`}
              >
                <TableHead>
                  <TableRow>
                    <TableCell>Dead-letter queue</TableCell>
                    <TableCell>Capture</TableCell>
                    <TableCell align="right">Captured since start</TableCell>
                    <TableCell>Last captured</TableCell>
                    <TableCell>Last error</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {queues.map(queue => (
                    <TableRow key={queue.queue}>
                      <TableCell className={classes.mono}>
                        {queue.queue}
                        {discovered.has(queue.queue) && (
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="div"
                          >
                            discovered
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        {queue.active ? (
                          <StatusOK>capturing</StatusOK>
                        ) : (
                          <StatusError>not capturing</StatusError>
                        )}
                      </TableCell>
                      <TableCell align="right">
                        {queue.captured.toLocaleString()}
                      </TableCell>
                      <TableCell>
                        <RelativeTime value={queue.lastCapturedAt} />
                      </TableCell>
                      <TableCell className={classes.error}>
                        {queue.lastError ?? ''}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </AccordionDetails>
        </Accordion>
      )}
    </Box>
  );
}
