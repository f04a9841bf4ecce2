import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import InputAdornment from '@material-ui/core/InputAdornment';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { replayLabels } from '../../lib/replaySelection';
import { ReplaySummary } from './ReplaySummary';
import { ReplayTargetField } from './ReplayTargetField';
import { ReplayForm, ReplayFormProps, useReplayForm } from './useReplayForm';

export type {
  ReplayableMessage,
  ReplaySelection,
} from '../../lib/replaySelection';

const useStyles = makeStyles(theme => ({
  rate: { marginTop: theme.spacing(3) },
  note: { marginTop: theme.spacing(2) },
}));

/** Where and how fast: the destination, the rate limit, what happens next. */
function ReplayFields(props: { form: ReplayForm }) {
  const { form } = props;
  const classes = useStyles();
  return (
    <>
      <ReplayTargetField form={form} />
      <TextField
        id="dead-letter-replay-rate"
        className={classes.rate}
        label="Rate limit (optional)"
        variant="outlined"
        size="small"
        fullWidth
        disabled={form.busy}
        value={form.rateText}
        onChange={event => form.setRateText(event.target.value)}
        error={Boolean(form.rate.error)}
        helperText={
          form.rate.error ??
          'Messages per second, 1 to 5,000. Empty: as fast as the broker confirms.'
        }
        placeholder="No limit"
        inputProps={{ inputMode: 'numeric' }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">messages/s</InputAdornment>
          ),
        }}
      />
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.note}
      >
        Messages are published with their original body, headers and properties.
        They show as replaying until the broker confirms them; a message that
        fails again comes back as a new dead letter, linked to this one.
      </Typography>
    </>
  );
}

/** Why nothing can be replayed, or why the destinations are not known. */
function TargetNotices(props: { form: ReplayForm }) {
  const { allowed, blocker, kind, refusedSource } = props.form;
  if (blocker) {
    return null;
  }
  return (
    <>
      {allowed.error && (
        <Box mb={1}>
          <ErrorNotice
            title="Could not load where you may replay; the portal checks it when you start"
            error={allowed.error}
          />
        </Box>
      )}
      {allowed.targets && !kind && (
        <Alert severity="warning">
          {`You may not replay into ${
            refusedSource ?? 'these queues'
          }, and no queue is registered to your squads' components. Its owners or the platform team can replay these messages.`}
        </Alert>
      )}
    </>
  );
}

/**
 * Asks where and how fast to replay, says exactly what will be replayed,
 * and starts the replay job. The backend's refusal (403, 400 naming the
 * field) shows in the dialog, which stays open; on success `onCreated` gets
 * the job, or `onSentForApproval` the request when the backend holds the
 * replay for a second person (four eyes on large production replays).
 */
export function ReplayDialog(props: ReplayFormProps) {
  const { selection } = props;
  const form = useReplayForm(props);
  const { busy, blocker, error } = form;
  const { title, submitLabel } = replayLabels(
    selection,
    form.unresolved.length,
  );

  return (
    <Dialog
      open
      onClose={form.close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="dead-letter-replay-title"
      aria-describedby="dead-letter-replay-summary"
    >
      <DialogTitle id="dead-letter-replay-title">{title}</DialogTitle>
      <DialogContent>
        <ReplaySummary
          selection={selection}
          count={form.unresolved.length}
          skipped={form.skipped}
          environment={form.environments.join(', ')}
        />
        <TargetNotices form={form} />
        {blocker ? (
          <Alert severity="warning">{blocker}</Alert>
        ) : (
          <ReplayFields form={form} />
        )}
        {error && (
          <Box mt={2}>
            <ErrorNotice
              title="Could not start the replay; nothing was replayed"
              error={error}
            />
          </Box>
        )}
      </DialogContent>
      {busy && <LinearProgress aria-label="Starting the replay" />}
      <DialogActions>
        <Button onClick={form.close} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={form.submit}
          disabled={busy || Boolean(blocker) || !form.kind}
        >
          {busy ? 'Starting…' : submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
