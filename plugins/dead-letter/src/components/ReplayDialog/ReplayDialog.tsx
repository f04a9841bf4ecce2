import { ReactNode, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import InputAdornment from '@material-ui/core/InputAdornment';
import LinearProgress from '@material-ui/core/LinearProgress';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  CreateReplayRequest,
  deadLetterApiRef,
  DeadLetterApproval,
  DeadLetterFilter,
  ReplayJob,
  ReplayTarget,
} from '../../api';
import {
  filterEntries,
  MAX_REPLAY_IDS,
  parseRate,
  plural,
} from '../../lib/replay';
import { ErrorNotice } from '../shared';
import { useReplayTargets } from '../../hooks/useReplayTargets';

/** What the dialog needs to know about a message replayed by id. */
export type ReplayableMessage = Pick<
  DeadLetterSummary,
  | 'id'
  | 'environment'
  | 'state'
  | 'sourceQueue'
  | 'originalExchange'
  | 'originalRoutingKeys'
>;

/** What is to be replayed: messages by id, a failure group, or a filter. */
export type ReplaySelection =
  | {
      kind: 'messages';
      messages: ReplayableMessage[];
      /** Picked in the list (wording: "selected messages"). */
      selected?: boolean;
    }
  | {
      kind: 'group';
      filter: DeadLetterFilter;
      /** Unresolved messages in the group, when known. */
      count?: number;
      /** The group in words, e.g. `payments.incoming · rejected`. */
      label: string;
      sourceQueue?: string;
    }
  | {
      kind: 'filter';
      filter: DeadLetterFilter;
      /** The list's estimate of the matching unresolved messages. */
      count?: number;
      /** The failure group filtered by, in words. */
      groupLabel?: string;
    };

type TargetKind = ReplayTarget['kind'];

const useStyles = makeStyles(theme => ({
  summary: { color: theme.palette.text.primary },
  filters: {
    margin: theme.spacing(0, 0, 2),
    paddingLeft: theme.spacing(3),
    overflowWrap: 'anywhere',
  },
  filterLabel: { color: theme.palette.text.secondary },
  fieldset: { display: 'block', marginTop: theme.spacing(1) },
  option: { alignItems: 'flex-start', marginTop: theme.spacing(1) },
  radio: { paddingTop: theme.spacing(0.5) },
  hint: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
  },
  queue: { marginLeft: theme.spacing(4), marginTop: theme.spacing(1) },
  rate: { marginTop: theme.spacing(3) },
  note: { marginTop: theme.spacing(2) },
}));

function uniform<T>(values: T[]): T | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** Where "original" and "source" publish, when it is the same for all. */
function destinations(selection: ReplaySelection): {
  original?: string;
  source?: string;
} {
  if (selection.kind === 'messages') {
    const original = uniform(
      selection.messages.map(
        m =>
          `exchange ${m.originalExchange || '(default)'}, routing key${
            m.originalRoutingKeys.length === 1 ? '' : 's'
          } ${m.originalRoutingKeys.join(', ') || '(none)'}`,
      ),
    );
    return {
      original,
      source: uniform(selection.messages.map(m => m.sourceQueue)),
    };
  }
  if (selection.kind === 'group') {
    return { source: selection.sourceQueue };
  }
  return { source: selection.filter.queue };
}

/** The queues the selected messages died in, when known. */
function sourceQueuesOf(selection: ReplaySelection): string[] {
  if (selection.kind === 'messages') {
    return [...new Set(selection.messages.map(m => m.sourceQueue))];
  }
  const queue =
    selection.kind === 'group' ? selection.sourceQueue : selection.filter.queue;
  return queue ? [queue] : [];
}

function environmentsOf(selection: ReplaySelection): string[] {
  if (selection.kind === 'messages') {
    return [...new Set(selection.messages.map(m => m.environment))].sort();
  }
  return [selection.filter.environment];
}

/**
 * Asks where and how fast to replay, says exactly what will be replayed,
 * and starts the replay job. The backend's refusal (403, 400 naming the
 * field) shows in the dialog, which stays open; on success `onCreated` gets
 * the job, or `onSentForApproval` the request when the backend holds the
 * replay for a second person (four eyes on large production replays).
 */
export function ReplayDialog(props: {
  selection: ReplaySelection;
  onClose: () => void;
  onCreated: (job: ReplayJob) => void;
  onSentForApproval: (approval: DeadLetterApproval) => void;
}) {
  const { selection, onClose, onCreated, onSentForApproval } = props;
  const classes = useStyles();
  const api = useApi(deadLetterApiRef);
  const [targetKind, setTargetKind] = useState<TargetKind>('original');
  const [queue, setQueue] = useState('');
  const [queueTouched, setQueueTouched] = useState(false);
  const [rateText, setRateText] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const unresolved =
    selection.kind === 'messages'
      ? selection.messages.filter(m => m.state === 'unresolved')
      : [];
  const skipped =
    selection.kind === 'messages'
      ? selection.messages.length - unresolved.length
      : 0;
  const environments =
    selection.kind === 'messages'
      ? [...new Set(unresolved.map(m => m.environment))].sort()
      : environmentsOf(selection);
  const replayed: ReplaySelection =
    selection.kind === 'messages'
      ? { ...selection, messages: unresolved }
      : selection;
  const { original, source } = destinations(replayed);

  // Only destinations the backend allows are offered; it decides again.
  const allowed = useReplayTargets(
    environments.length === 1 ? environments[0] : undefined,
  );
  const anyQueue = allowed.targets?.anyQueue ?? false;
  const ownQueues = allowed.targets?.items ?? [];
  const refusedSource = allowed.targets
    ? sourceQueuesOf(replayed).find(
        q => !anyQueue && !ownQueues.some(t => t.queue === q),
      )
    : undefined;
  const offered: Record<TargetKind, boolean> = {
    original: !refusedSource,
    source: !refusedSource,
    queue: !allowed.targets || anyQueue || ownQueues.length > 0,
  };
  const kind: TargetKind | undefined = offered[targetKind]
    ? targetKind
    : (['original', 'source', 'queue'] as const).find(k => offered[k]);
  const chosenQueue =
    anyQueue || !allowed.targets ? queue : queue || ownQueues[0]?.queue || '';

  let blocker: string | undefined;
  if (selection.kind === 'messages') {
    if (unresolved.length === 0) {
      blocker =
        'None of these messages is unresolved; only unresolved messages can be replayed.';
    } else if (environments.length > 1) {
      blocker = `The messages are in ${environments.join(
        ' and ',
      )}. A replay takes messages of one environment: select messages of one environment, or filter the list by environment.`;
    } else if (unresolved.length > MAX_REPLAY_IDS) {
      blocker = `At most ${MAX_REPLAY_IDS.toLocaleString()} selected messages per replay: use "Replay all matching" with filters instead.`;
    }
  }

  const queueError =
    kind === 'queue' && !chosenQueue.trim() && (attempted || queueTouched)
      ? 'Name the queue to publish to'
      : undefined;
  const rate = parseRate(rateText);

  let title: string;
  let summary: ReactNode;
  let submitLabel: string;
  const environment = environments.join(', ');
  if (selection.kind === 'messages') {
    const count = unresolved.length;
    title = `Replay ${plural(count, 'message')}`;
    summary =
      selection.selected || count !== 1
        ? `Replay ${plural(count, 'selected message')} in ${environment}.`
        : `Replay this message in ${environment}.`;
    submitLabel = `Replay ${plural(count, 'message')}`;
  } else if (selection.kind === 'group') {
    title = 'Replay failure group';
    summary = (
      <>
        Replay all{' '}
        {selection.count !== undefined
          ? plural(selection.count, 'unresolved message')
          : 'unresolved messages'}{' '}
        in failure group <strong>{selection.label}</strong> in {environment}.
      </>
    );
    submitLabel =
      selection.count !== undefined
        ? `Replay ${plural(selection.count, 'message')}`
        : 'Replay group';
  } else {
    title = 'Replay matching messages';
    summary = `Replay all ${
      selection.count !== undefined
        ? plural(selection.count, 'unresolved message')
        : 'unresolved messages'
    } matching the current filters:`;
    submitLabel =
      selection.count !== undefined
        ? `Replay ${plural(selection.count, 'message')}`
        : 'Replay all matching';
  }

  const submit = async () => {
    setAttempted(true);
    if (busy || blocker || !kind) return;
    if ((kind === 'queue' && !chosenQueue.trim()) || rate.error) return;
    const target: ReplayTarget =
      kind === 'queue'
        ? { kind: 'queue', queue: chosenQueue.trim() }
        : { kind };
    const request: CreateReplayRequest =
      selection.kind === 'messages'
        ? { ids: unresolved.map(m => m.id), target }
        : { filter: selection.filter, target };
    if (rate.rate !== undefined) {
      request.ratePerSecond = rate.rate;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.createReplay(request);
      if (result.approval) onSentForApproval(result.approval);
      else onCreated(result.job);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  const close = () => {
    if (!busy) onClose();
  };

  return (
    <Dialog
      open
      onClose={close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="dead-letter-replay-title"
      aria-describedby="dead-letter-replay-summary"
    >
      <DialogTitle id="dead-letter-replay-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText
          id="dead-letter-replay-summary"
          className={classes.summary}
        >
          {summary}
        </DialogContentText>
        {selection.kind === 'filter' && (
          <ul className={classes.filters} aria-label="Filters">
            {filterEntries(selection.filter, {
              groupLabel: selection.groupLabel,
            }).map(([label, value]) => (
              <li key={label}>
                <span className={classes.filterLabel}>{label}:</span> {value}
              </li>
            ))}
          </ul>
        )}
        {selection.kind === 'filter' && selection.count !== undefined && (
          <DialogContentText variant="body2">
            The count is the list's estimate: the replay takes every unresolved
            message that matches when it starts.
          </DialogContentText>
        )}
        {skipped > 0 && (
          <DialogContentText variant="body2">
            {plural(skipped, 'selected message')} not unresolved{' '}
            {skipped === 1 ? 'is' : 'are'} left as{' '}
            {skipped === 1 ? 'it is' : 'they are'}.
          </DialogContentText>
        )}
        {!blocker && allowed.error && (
          <Box mb={1}>
            <ErrorNotice
              title="Could not load where you may replay; the portal checks it when you start"
              error={allowed.error}
            />
          </Box>
        )}
        {!blocker && allowed.targets && !kind && (
          <Alert severity="warning">
            {`You may not replay into ${
              refusedSource ?? 'these queues'
            }, and no queue is registered to your squads' components. Its owners or the platform team can replay these messages.`}
          </Alert>
        )}
        {blocker ? (
          <Alert severity="warning">{blocker}</Alert>
        ) : (
          <>
            <FormControl component="fieldset" className={classes.fieldset}>
              <FormLabel component="legend">Publish to</FormLabel>
              <RadioGroup
                name="dead-letter-replay-target"
                value={kind ?? ''}
                onChange={event =>
                  setTargetKind(event.target.value as TargetKind)
                }
              >
                <FormControlLabel
                  value="original"
                  className={classes.option}
                  disabled={busy || !offered.original}
                  control={<Radio className={classes.radio} />}
                  label={
                    <>
                      Original exchange and routing keys
                      <Typography variant="caption" className={classes.hint}>
                        {original
                          ? `As first published: ${original}`
                          : 'Each message as first published, from its death history'}
                      </Typography>
                      {refusedSource && (
                        <Typography variant="caption" className={classes.hint}>
                          {`Not for you: ${refusedSource} is registered to a component of another squad`}
                        </Typography>
                      )}
                    </>
                  }
                />
                <FormControlLabel
                  value="source"
                  className={classes.option}
                  disabled={busy || !offered.source}
                  control={<Radio className={classes.radio} />}
                  label={
                    <>
                      The queue it died in
                      <Typography variant="caption" className={classes.hint}>
                        {source
                          ? `Straight to ${source}, through the default exchange`
                          : 'Each message straight to its source queue, through the default exchange'}
                      </Typography>
                    </>
                  }
                />
                <FormControlLabel
                  value="queue"
                  className={classes.option}
                  disabled={busy || !offered.queue}
                  control={<Radio className={classes.radio} />}
                  label={
                    <>
                      Another queue
                      <Typography variant="caption" className={classes.hint}>
                        {offered.queue
                          ? 'Through the default exchange, e.g. a parking or retry queue'
                          : "No queue is registered to your squads' components"}
                      </Typography>
                    </>
                  }
                />
              </RadioGroup>
              {kind === 'queue' && allowed.targets && !anyQueue && (
                <TextField
                  id="dead-letter-replay-queue"
                  className={classes.queue}
                  select
                  label="Queue"
                  variant="outlined"
                  size="small"
                  required
                  disabled={busy}
                  value={chosenQueue}
                  onChange={event => setQueue(event.target.value)}
                  helperText="Queues registered to your squads' components"
                  SelectProps={{ native: true }}
                >
                  {ownQueues.map(t => (
                    <option key={t.queue} value={t.queue}>
                      {`${t.queue} (${t.componentRef ?? 'no component'})`}
                    </option>
                  ))}
                </TextField>
              )}
              {kind === 'queue' && (!allowed.targets || anyQueue) && (
                <TextField
                  id="dead-letter-replay-queue"
                  className={classes.queue}
                  label="Queue name"
                  variant="outlined"
                  size="small"
                  required
                  disabled={busy}
                  value={queue}
                  onChange={event => setQueue(event.target.value)}
                  onBlur={() => setQueueTouched(true)}
                  error={Boolean(queueError)}
                  helperText={queueError ?? 'The queue must exist'}
                  inputProps={{ maxLength: 255, spellCheck: false }}
                />
              )}
            </FormControl>
            <TextField
              id="dead-letter-replay-rate"
              className={classes.rate}
              label="Rate limit (optional)"
              variant="outlined"
              size="small"
              fullWidth
              disabled={busy}
              value={rateText}
              onChange={event => setRateText(event.target.value)}
              error={Boolean(rate.error)}
              helperText={
                rate.error ??
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
              Messages are published with their original body, headers and
              properties. They show as replaying until the broker confirms them;
              a message that fails again comes back as a new dead letter, linked
              to this one.
            </Typography>
          </>
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
        <Button onClick={close} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy || Boolean(blocker) || !kind}
        >
          {busy ? 'Starting…' : submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
