import { StatusError, StatusOK } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { RelativeTime } from '@internal/backstage-plugin-portal-react';
import type { DeadLetterEnvironment } from '../../api';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace', overflowWrap: 'break-word' },
  error: { color: theme.palette.error.main, wordBreak: 'break-word' },
}));

type Discovery = NonNullable<DeadLetterEnvironment['discovery']>;

/** Which queues are discovered by name, and whether listing them works. */
export function DiscoveryStatus(props: {
  discovery: Discovery;
  environment: string;
}) {
  const { discovery, environment } = props;
  const classes = useStyles();
  if (discovery.lastError) {
    return (
      <Alert severity="warning">
        <AlertTitle>
          Queue discovery is not connected in {environment}
        </AlertTitle>
        Dead-letter queues named like{' '}
        <code className={classes.mono}>{discovery.pattern}</code> cannot be
        listed, so new ones are not picked up; the queues below are still
        captured.
        <Box mt={1} className={classes.mono}>
          Last error: {discovery.lastError}
        </Box>
      </Alert>
    );
  }
  return (
    <Typography variant="body2">
      Also capturing every queue named like{' '}
      <code className={classes.mono}>{discovery.pattern}</code>
      {discovery.lastListedAt ? (
        <>
          {' '}
          (listed <RelativeTime value={discovery.lastListedAt} />;{' '}
          {discovery.queues.length} found)
        </>
      ) : (
        ' (not listed yet)'
      )}
      .
    </Typography>
  );
}

/** Each captured dead-letter queue: capturing or not, how many, last error. */
export function CaptureTable(props: { environment: DeadLetterEnvironment }) {
  const { environment } = props;
  const { queues, discovery } = environment;
  const classes = useStyles();
  const discovered = new Set(discovery?.queues ?? []);
  if (queues.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The backend captures no dead-letter queue in this environment. Check the
        dead-letter backend configuration.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Capture status in ${environment.name}`}>
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
  );
}
