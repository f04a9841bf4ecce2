import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ErrorNotice, plural } from '@internal/backstage-plugin-portal-react';
import type { DryRunAndStart } from '../../hooks/useDryRunAndStart';
import type { NewJobFormState } from '../../hooks/useNewJobForm';
import { fieldsToFix } from '../../lib/newJob';
import { CreatedNotice } from './CreatedNotice';
import { DryRunResultView } from './DryRunResultView';
import { useNewJobStyles } from './newJobStyles';

/** "How fast": the rate limit. */
export function HowFastSection(props: {
  form: NewJobFormState;
  busy: boolean;
}) {
  const { form, busy } = props;
  const classes = useNewJobStyles();
  return (
    <Paper className={classes.section}>
      <Typography variant="h6" component="h2">
        How fast
      </Typography>
      <Box className={classes.row}>
        <TextField
          id="reconstitution-rate"
          variant="outlined"
          size="small"
          label="Rate limit (events/s)"
          placeholder="Unlimited"
          value={form.text.rate}
          disabled={busy}
          onChange={event => form.setRateText(event.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ inputMode: 'numeric' }}
          error={Boolean(form.errors.rate)}
          helperText={
            form.errors.rate ?? 'Empty: as fast as the broker confirms'
          }
        />
      </Box>
    </Paper>
  );
}

/** "1. Dry run": what the job would deliver, or what to fix first. */
export function DryRunSection(props: {
  form: NewJobFormState;
  run: DryRunAndStart;
}) {
  const { form, run } = props;
  const classes = useNewJobStyles();
  return (
    <Paper className={classes.section}>
      <Typography variant="h6" component="h2">
        1. Dry run
      </Typography>
      <Typography variant="body2" className={classes.hint}>
        Counts the matching events and shows the first ones. Nothing is sent.
        Required before starting, and again after any change.
      </Typography>
      <Box className={classes.actions}>
        <Button
          variant={run.currentDryRun ? 'outlined' : 'contained'}
          color="primary"
          onClick={run.runDryRun}
          disabled={run.busy}
        >
          Dry run
        </Button>
        {form.attempted && !form.valid && (
          <Typography variant="body2" color="error" role="status">
            Fix first: {fieldsToFix(form.errors)}
          </Typography>
        )}
      </Box>
      {run.dryRunBusy && <LinearProgress aria-label="Counting events" />}
      {run.dryRunError && (
        <ErrorNotice
          title="The dry run failed"
          error={run.dryRunError}
          onDismiss={run.dismissDryRunError}
        />
      )}
      {run.staleDryRun && (
        <Alert severity="warning">
          The form changed since this dry run. Run it again before starting the
          job.
        </Alert>
      )}
      {run.dryRun && (
        <DryRunResultView result={run.dryRun} stale={run.staleDryRun} />
      )}
    </Paper>
  );
}

/** "2. Start job": once a current dry run found events. */
export function StartSection(props: {
  form: NewJobFormState;
  run: DryRunAndStart;
  secondaryAction?: ReactNode;
}) {
  const { form, run } = props;
  const { currentDryRun } = run;
  const classes = useNewJobStyles();
  return (
    <Paper className={classes.section}>
      <Typography variant="h6" component="h2">
        2. Start job
      </Typography>
      {!currentDryRun && (
        <Typography variant="body2" className={classes.hint}>
          Run a dry run first.
        </Typography>
      )}
      {run.startError && (
        <ErrorNotice
          title="Could not start the job; nothing was sent"
          error={run.startError}
          onDismiss={run.dismissStartError}
        />
      )}
      {run.created && <CreatedNotice job={run.created} />}
      <Box className={classes.actions}>
        <Button
          variant="contained"
          color="primary"
          onClick={run.start}
          disabled={!run.canStart}
          className={classes.start}
        >
          {currentDryRun && currentDryRun.total > 0
            ? `Start job (${plural(currentDryRun.total, 'event')} to ${
                form.values.queue
              })`
            : 'Start job'}
        </Button>
        {props.secondaryAction}
      </Box>
      {run.startBusy && <LinearProgress aria-label="Starting the job" />}
    </Paper>
  );
}
