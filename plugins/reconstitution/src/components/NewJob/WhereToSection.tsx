import { ChangeEvent } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { NewJobFormState } from '../../hooks/useNewJobForm';
import { receiverLabel } from '../../lib/receivers';
import { ArchiveStatusLine } from '../ArchiveStatus';
import { ReceiverField } from './ReceiverField';
import { useNewJobStyles } from './newJobStyles';

type SectionProps = { form: NewJobFormState; busy: boolean };

function EnvironmentField(props: SectionProps) {
  const { form, busy } = props;
  const { environments, archiveStatus } = form;
  const { environment } = form.values;
  return (
    <Box>
      <TextField
        id="reconstitution-environment"
        select
        fullWidth
        required
        variant="outlined"
        size="small"
        label="Environment"
        value={environment}
        disabled={busy}
        onChange={(event: ChangeEvent<{ value: unknown }>) =>
          form.setEnvironment(String(event.target.value))
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        error={Boolean(form.shown('environment'))}
        helperText={form.shown('environment')}
      >
        {!environment && <option value="">—</option>}
        {environments.map(name => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
        {environment && !environments.includes(environment) && (
          <option value={environment}>{environment}</option>
        )}
      </TextField>
      {archiveStatus && (
        <Box mt={1}>
          <ArchiveStatusLine status={archiveStatus} />
        </Box>
      )}
    </Box>
  );
}

function QueueField(props: SectionProps) {
  const { form, busy } = props;
  const { receiver } = form;
  const { queue } = form.values;
  return (
    <TextField
      id="reconstitution-queue"
      select
      fullWidth
      required
      variant="outlined"
      size="small"
      label="Queue"
      value={queue}
      disabled={busy || !receiver || receiver.queues.length < 2}
      onChange={(event: ChangeEvent<{ value: unknown }>) =>
        form.setQueue(String(event.target.value))
      }
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      error={Boolean(form.shown('queue'))}
      helperText={
        form.shown('queue') ??
        (receiver && receiver.queues.length > 1
          ? `${receiver.queues.length} queues declared`
          : 'Events are published straight to this queue')
      }
    >
      {!queue && <option value="">—</option>}
      {(receiver?.queues ?? []).map(name => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </TextField>
  );
}

/** "Where to": the environment, the receiver and its queue. */
export function WhereToSection(props: SectionProps) {
  const { form } = props;
  const { receiver, archiveStatus, canCreate } = form;
  const classes = useNewJobStyles();
  return (
    <Paper className={classes.section}>
      <Typography variant="h6" component="h2">
        Where to
      </Typography>
      <Box className={classes.row}>
        <EnvironmentField {...props} />
        <ReceiverField {...props} />
        <QueueField {...props} />
      </Box>
      {form.denied && receiver && (
        <Alert severity="warning" data-testid="create-denied">
          Only the owners of {receiverLabel(receiver)}
          {receiver.ownerRef ? ` (${receiver.ownerRef})` : ''} and the platform
          team can start jobs for it. A dry run is still possible.
        </Alert>
      )}
      {receiver && canCreate.error && (
        <Alert severity="info">
          Could not check whether you may start jobs for{' '}
          {receiverLabel(receiver)}; the backend decides when you start one.
        </Alert>
      )}
      {archiveStatus && !archiveStatus.active && (
        <Alert severity="warning">
          The archive of {form.values.environment} is not connected: it may be
          missing the latest events.
        </Alert>
      )}
    </Paper>
  );
}
