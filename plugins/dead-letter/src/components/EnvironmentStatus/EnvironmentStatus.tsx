import { StatusError, StatusOK } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  DateTime,
  RelativeTime,
} from '@internal/backstage-plugin-portal-react';
import type { DeadLetterEnvironment } from '../../api';
import { captureSummary, failingQueues, isDown } from '../../lib/environments';
import { CaptureTable, DiscoveryStatus } from './CaptureQueues';

const useStyles = makeStyles({
  mono: { fontFamily: 'monospace', overflowWrap: 'break-word' },
  details: { flexDirection: 'column' },
});

/** A prominent alert while the broker connection is down or connecting. */
function ConnectionAlert(props: { environment: DeadLetterEnvironment }) {
  const { environment } = props;
  const { connection } = environment;
  const classes = useStyles();
  const lastError = connection.lastError && (
    <Box mt={1} className={classes.mono}>
      Last error: {connection.lastError}
    </Box>
  );
  if (isDown(environment)) {
    return (
      <Alert severity="error" role="alert">
        <AlertTitle>Not connected to RabbitMQ in {environment.name}</AlertTitle>
        The broker connection is {connection.state} (since{' '}
        <DateTime value={connection.since} />
        ). New dead letters are not being captured; the list shows what was
        captured before.
        {lastError}
      </Alert>
    );
  }
  if (connection.state === 'connecting') {
    return (
      <Alert severity="warning">
        <AlertTitle>Connecting to RabbitMQ in {environment.name}…</AlertTitle>
        Since <DateTime value={connection.since} />.{lastError}
      </Alert>
    );
  }
  return null;
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
  const { connection, discovery } = environment;
  const classes = useStyles();
  const failing = failingQueues(environment.queues);
  const summary = captureSummary(environment);

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <ConnectionAlert environment={environment} />
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
                <DiscoveryStatus
                  discovery={discovery}
                  environment={environment.name}
                />
              </Box>
            )}
            <CaptureTable environment={environment} />
          </AccordionDetails>
        </Accordion>
      )}
    </Box>
  );
}
