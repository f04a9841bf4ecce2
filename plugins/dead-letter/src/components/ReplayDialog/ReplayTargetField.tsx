import { ReactNode } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TargetKind } from '../../lib/replaySelection';
import type { ReplayForm } from './useReplayForm';

const useStyles = makeStyles(theme => ({
  fieldset: { display: 'block', marginTop: theme.spacing(1) },
  option: { alignItems: 'flex-start', marginTop: theme.spacing(1) },
  radio: { paddingTop: theme.spacing(0.5) },
  hint: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
  },
  queue: { marginLeft: theme.spacing(4), marginTop: theme.spacing(1) },
}));

/** One destination: its name, with hints in smaller type below. */
function TargetOption(props: {
  value: TargetKind;
  disabled: boolean;
  label: string;
  hints: ReactNode[];
}) {
  const classes = useStyles();
  return (
    <FormControlLabel
      value={props.value}
      className={classes.option}
      disabled={props.disabled}
      control={<Radio className={classes.radio} />}
      label={
        <>
          {props.label}
          {props.hints.filter(Boolean).map((hint, index) => (
            <Typography key={index} variant="caption" className={classes.hint}>
              {hint}
            </Typography>
          ))}
        </>
      }
    />
  );
}

/** The queue for "Another queue": a choice of the squads' own, or free text. */
function QueueField(props: { form: ReplayForm }) {
  const { form } = props;
  const classes = useStyles();
  const common = {
    id: 'dead-letter-replay-queue',
    className: classes.queue,
    variant: 'outlined',
    size: 'small',
    required: true,
    disabled: form.busy,
  } as const;
  if (form.allowed.targets && !form.anyQueue) {
    return (
      <TextField
        {...common}
        select
        label="Queue"
        value={form.chosenQueue}
        onChange={event => form.setQueue(event.target.value)}
        helperText="Queues registered to your squads' components"
        SelectProps={{ native: true }}
      >
        {form.ownQueues.map(t => (
          <option key={t.queue} value={t.queue}>
            {`${t.queue} (${t.componentRef ?? 'no component'})`}
          </option>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      {...common}
      label="Queue name"
      value={form.queue}
      onChange={event => form.setQueue(event.target.value)}
      onBlur={() => form.setQueueTouched(true)}
      error={Boolean(form.queueError)}
      helperText={form.queueError ?? 'The queue must exist'}
      inputProps={{ maxLength: 255, spellCheck: false }}
    />
  );
}

/** "Publish to": original exchange, the queue it died in, or another queue. */
export function ReplayTargetField(props: { form: ReplayForm }) {
  const { form } = props;
  const { busy, offered, original, source, refusedSource } = form;
  const classes = useStyles();
  return (
    <FormControl component="fieldset" className={classes.fieldset}>
      <FormLabel component="legend">Publish to</FormLabel>
      <RadioGroup
        name="dead-letter-replay-target"
        value={form.kind ?? ''}
        onChange={event => form.setTargetKind(event.target.value as TargetKind)}
      >
        <TargetOption
          value="original"
          disabled={busy || !offered.original}
          label="Original exchange and routing keys"
          hints={[
            original
              ? `As first published: ${original}`
              : 'Each message as first published, from its death history',
            refusedSource &&
              `Not for you: ${refusedSource} is registered to a component of another squad`,
          ]}
        />
        <TargetOption
          value="source"
          disabled={busy || !offered.source}
          label="The queue it died in"
          hints={[
            source
              ? `Straight to ${source}, through the default exchange`
              : 'Each message straight to its source queue, through the default exchange',
          ]}
        />
        <TargetOption
          value="queue"
          disabled={busy || !offered.queue}
          label="Another queue"
          hints={[
            offered.queue
              ? 'Through the default exchange, e.g. a parking or retry queue'
              : "No queue is registered to your squads' components",
          ]}
        />
      </RadioGroup>
      {form.kind === 'queue' && <QueueField form={form} />}
    </FormControl>
  );
}
