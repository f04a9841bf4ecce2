import { ChangeEvent, ReactNode, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { reconstitutionJobCreatePermission } from '@internal/backstage-plugin-reconstitution-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  ArchivedProducer,
  DryRunResult,
  EventSelection,
  reconstitutionApiRef,
  ReconstitutionJob,
  ReconstitutionJobRequest,
  ReconstitutionReceiver,
} from '../../api';
import { JobCreatedState } from '../../lib/approvals';
import { MAX_ENTITY_IDS, parseEntityIds } from '../../lib/entityIds';
import {
  formatDateTime,
  formatNumber,
  fromDateTimeLocal,
  localTimeZone,
  plural,
} from '../../lib/format';
import { nonDefaultSource, producerLabel } from '../../lib/jobs';
import { parseRate } from '../../lib/rate';
import { receiverLabel, receiverMatches } from '../../lib/receivers';
import { ArchiveStatusLine } from '../ArchiveStatus';
import { ErrorNotice } from '../shared';
import { CreatedNotice } from './CreatedNotice';
import { DryRunResultView } from './DryRunResultView';

/**
 * Options lists are not labelled by their field's label, so that the label
 * finds the one field (the list belongs to it through `aria-controls`).
 */
const UNLABELLED_LISTBOX = { 'aria-labelledby': undefined };

/** Events shown in a dry run's sample. */
export const DRY_RUN_SAMPLE_SIZE = 10;

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(3) },
  section: {
    padding: theme.spacing(2, 3, 3),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
  },
  wide: { gridColumn: '1 / -1' },
  ids: { fontFamily: 'monospace' },
  actions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  hint: { color: theme.palette.text.secondary },
  // Queue names as they are, not in capitals.
  start: { textTransform: 'none' },
  option: { display: 'flex', flexDirection: 'column' },
}));

/** Which archived producer: its source, domain and entity type. */
function producerKey(
  p: Pick<ArchivedProducer, 'source' | 'domain' | 'entityType'>,
) {
  return JSON.stringify([p.source ?? 'archive', p.domain, p.entityType]);
}

function producerOptionLabel(p: ArchivedProducer): string {
  const source = nonDefaultSource(p.source);
  return source ? `${producerLabel(p)} · ${source}` : producerLabel(p);
}

function producerDetails(p: ArchivedProducer): string {
  return `${plural(p.events, 'event')} · ${formatDateTime(
    p.firstOccurredAt,
  )} – ${formatDateTime(p.lastOccurredAt)}`;
}

/** The labels of the fields, for "Fix first: …". */
const FIELD_LABELS = {
  environment: 'Environment',
  receiver: 'Receiver',
  queue: 'Queue',
  producer: 'Producer',
  to: 'To',
  entityIds: 'Entity IDs',
  rate: 'Rate limit',
};

type Errors = Partial<Record<keyof typeof FIELD_LABELS, string>>;

/**
 * The "Add job" form. A dry run counts what the job would deliver (and is
 * required, again after any change) before the job can start; the backend's
 * refusals show inline and nothing typed is lost. `receiver` and
 * `environment` preselect (e.g. from `?receiver=` in the URL).
 */
export function NewJobForm(props: {
  receiver?: string;
  environment?: string;
  /** Where to go once the job is created (its page). */
  jobHref?: (id: string) => string;
  /** Extra buttons next to the actions, e.g. "Back to jobs". */
  secondaryAction?: ReactNode;
}) {
  const { jobHref, secondaryAction } = props;
  const classes = useStyles();
  const api = useApi(reconstitutionApiRef);
  const navigate = useNavigate();

  const archive = useAsyncRetry(() => api.getArchiveStatus(), [api]);
  const receivers = useAsyncRetry(() => api.listReceivers(), [api]);

  const [environmentChoice, setEnvironment] = useState(props.environment ?? '');
  const [receiverRef, setReceiverRef] = useState<string | undefined>(
    props.receiver || undefined,
  );
  const [queueChoice, setQueue] = useState('');
  const [producerChoice, setProducer] = useState<string>();
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [entityIdsText, setEntityIdsText] = useState('');
  const [eventNames, setEventNames] = useState<string[]>([]);
  const [rateText, setRateText] = useState('');
  const [attempted, setAttempted] = useState(false);

  const [dryRun, setDryRun] = useState<{ key: string; result: DryRunResult }>();
  const [dryRunBusy, setDryRunBusy] = useState(false);
  const [dryRunError, setDryRunError] = useState<Error>();
  const [startBusy, setStartBusy] = useState(false);
  const [startError, setStartError] = useState<Error>();
  const [created, setCreated] = useState<ReconstitutionJob>();

  // The environment: as chosen, else the first the archive knows.
  const environments = (archive.value ?? []).map(a => a.environment);
  const environment = environmentChoice || environments[0] || '';
  const archiveStatus = archive.value?.find(a => a.environment === environment);

  const producers = useAsyncRetry(
    async () =>
      environment ? api.listProducers({ environment }) : Promise.resolve([]),
    [api, environment],
  );
  // The archive takes new producers in all the time: their list is read
  // again when opened or typed in (at most every 2 seconds).
  const producersReadAt = useRef(0);
  const refreshProducers = () => {
    const now = Date.now();
    if (producers.loading || now - producersReadAt.current < 2000) return;
    producersReadAt.current = now;
    producers.retry();
  };

  const receiver: ReconstitutionReceiver | undefined = receiverRef
    ? receivers.value?.find(r => r.entityRef === receiverRef) ?? {
        entityRef: receiverRef,
        queues: [],
      }
    : undefined;
  const unknownReceiver =
    Boolean(receiverRef) &&
    receivers.value !== undefined &&
    !receivers.value.some(r => r.entityRef === receiverRef);
  // The queue: as chosen, else the receiver's only one.
  let queue = '';
  if (receiver?.queues.includes(queueChoice)) {
    queue = queueChoice;
  } else if (receiver?.queues.length === 1) {
    queue = receiver.queues[0];
  }

  const producer = producers.value?.find(
    p => producerKey(p) === producerChoice,
  );
  const producerMissing =
    producerChoice !== undefined && producers.value !== undefined && !producer;

  const from = fromDateTimeLocal(fromText);
  const to = fromDateTimeLocal(toText);
  const entityIds = useMemo(
    () => parseEntityIds(entityIdsText),
    [entityIdsText],
  );
  const rate = parseRate(rateText);

  const canCreate = usePermission({
    permission: reconstitutionJobCreatePermission,
    resourceRef: receiverRef,
  });
  // A failed check is no refusal: the backend decides then.
  const denied =
    Boolean(receiverRef) &&
    !canCreate.loading &&
    !canCreate.allowed &&
    !canCreate.error;

  const errors: Errors = {};
  if (!environment) errors.environment = 'Choose an environment';
  if (!receiverRef)
    errors.receiver = 'Choose the component to receive the events';
  else if (unknownReceiver)
    errors.receiver = `${receiverRef} is not a component that declares queues`;
  if (receiver && !unknownReceiver && !queue)
    errors.queue = 'Choose the queue to deliver to';
  if (!producer)
    errors.producer = producerMissing
      ? `The archive of ${environment} has no events of this producer`
      : 'Choose the producer whose events to deliver';
  if (from && to && new Date(to) <= new Date(from))
    errors.to = 'To must be after From';
  if (entityIds.tooMany)
    errors.entityIds = `At most ${formatNumber(
      MAX_ENTITY_IDS,
    )} entity ids per job (this is ${formatNumber(entityIds.ids.length)})`;
  if (rate.error) errors.rate = rate.error;
  const valid = Object.keys(errors).length === 0;
  // Missing choices only count as errors once the user tried to go on.
  const shown = (field: keyof Errors, always = false) =>
    attempted || always ? errors[field] : undefined;

  const selection: EventSelection | undefined = producer
    ? {
        environment,
        domain: producer.domain,
        entityType: producer.entityType,
        ...(nonDefaultSource(producer.source)
          ? { source: producer.source }
          : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(entityIds.ids.length ? { entityIds: entityIds.ids } : {}),
        ...(eventNames.length ? { eventNames } : {}),
      }
    : undefined;
  const jobRequest: ReconstitutionJobRequest | undefined =
    selection && receiverRef && queue
      ? {
          ...selection,
          receiver: { entityRef: receiverRef, queue },
          ...(rate.rate !== undefined ? { ratePerSecond: rate.rate } : {}),
        }
      : undefined;
  // Any change to the form makes an earlier dry run stale.
  const formKey = JSON.stringify([
    environment,
    receiverRef,
    queue,
    producerChoice,
    fromText,
    toText,
    entityIdsText,
    eventNames,
    rateText,
  ]);
  const currentDryRun = dryRun?.key === formKey ? dryRun.result : undefined;
  const staleDryRun = dryRun !== undefined && !currentDryRun;
  const canStart =
    valid &&
    !denied &&
    currentDryRun !== undefined &&
    currentDryRun.total > 0 &&
    !startBusy &&
    !dryRunBusy;

  const runDryRun = async () => {
    setAttempted(true);
    if (!valid || !selection || dryRunBusy) return;
    setDryRunBusy(true);
    setDryRunError(undefined);
    setStartError(undefined);
    const key = formKey;
    try {
      const result = await api.dryRun({
        ...selection,
        sampleSize: DRY_RUN_SAMPLE_SIZE,
      });
      setDryRun({ key, result });
    } catch (e) {
      setDryRunError(e as Error);
    } finally {
      setDryRunBusy(false);
    }
  };

  const start = async () => {
    if (!canStart || !jobRequest) return;
    setStartBusy(true);
    setStartError(undefined);
    try {
      const job = await api.createJob(jobRequest);
      if (jobHref) {
        const state: JobCreatedState = {
          sentForApproval: job.state === 'awaiting-approval',
        };
        navigate(jobHref(job.id), { state });
      } else {
        setCreated(job);
        setStartBusy(false);
      }
    } catch (e) {
      setStartError(e as Error);
      setStartBusy(false);
    }
  };

  const busy = dryRunBusy || startBusy;

  return (
    <form
      className={classes.root}
      noValidate
      onSubmit={event => event.preventDefault()}
      aria-label="New reconstitution job"
    >
      {(archive.error || receivers.error) && (
        <Box display="flex" flexDirection="column" gridGap={8}>
          {archive.error && (
            <ErrorNotice
              title="Could not load the environments"
              error={archive.error}
              onRetry={archive.retry}
            />
          )}
          {receivers.error && (
            <ErrorNotice
              title="Could not load the receivers"
              error={receivers.error}
              onRetry={receivers.retry}
            />
          )}
        </Box>
      )}

      <Paper className={classes.section}>
        <Typography variant="h6" component="h2">
          Where to
        </Typography>
        <Box className={classes.row}>
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
                setEnvironment(String(event.target.value))
              }
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
              error={Boolean(shown('environment'))}
              helperText={shown('environment')}
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
          <Autocomplete
            id="reconstitution-receiver"
            ListboxProps={UNLABELLED_LISTBOX}
            options={receivers.value ?? []}
            loading={receivers.loading}
            disabled={busy}
            value={receiver ?? null}
            getOptionLabel={receiverLabel}
            getOptionSelected={(option, value) =>
              option.entityRef === value.entityRef
            }
            filterOptions={(options, state) =>
              options.filter(option =>
                receiverMatches(option, state.inputValue),
              )
            }
            onChange={(_event, next) => {
              setReceiverRef(next?.entityRef);
              setQueue('');
            }}
            renderOption={option => (
              <Box className={classes.option}>
                <Typography variant="body2">{receiverLabel(option)}</Typography>
                <Typography variant="caption" color="textSecondary">
                  {option.entityRef}
                  {option.ownerRef && ` · owner ${option.ownerRef}`}
                  {` · ${plural(option.queues.length, 'queue')}`}
                </Typography>
              </Box>
            )}
            renderInput={params => (
              <TextField
                {...params}
                required
                variant="outlined"
                size="small"
                label="Receiver"
                placeholder="Search by name, entity ref or owner"
                InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
                error={Boolean(shown('receiver', unknownReceiver))}
                helperText={
                  shown('receiver', unknownReceiver) ??
                  (receiver && !unknownReceiver
                    ? [
                        receiver.entityRef,
                        receiver.ownerRef && `owner ${receiver.ownerRef}`,
                        receiver.system && `system ${receiver.system}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    : 'The service to receive the events')
                }
              />
            )}
          />
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
              setQueue(String(event.target.value))
            }
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            error={Boolean(shown('queue'))}
            helperText={
              shown('queue') ??
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
        </Box>
        {denied && receiver && (
          <Alert severity="warning" data-testid="create-denied">
            Only the owners of {receiverLabel(receiver)}
            {receiver.ownerRef ? ` (${receiver.ownerRef})` : ''} and the
            platform team can start jobs for it. A dry run is still possible.
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
            The archive of {environment} is not connected: it may be missing the
            latest events.
          </Alert>
        )}
      </Paper>

      <Paper className={classes.section}>
        <Typography variant="h6" component="h2">
          Which events
        </Typography>
        {producers.error && (
          <ErrorNotice
            title={`Could not load the producers of ${environment}`}
            error={producers.error}
            onRetry={producers.retry}
          />
        )}
        <Box className={classes.row}>
          <Autocomplete
            id="reconstitution-producer"
            ListboxProps={UNLABELLED_LISTBOX}
            className={classes.wide}
            options={producers.value ?? []}
            loading={producers.loading}
            disabled={busy}
            value={producer ?? null}
            getOptionLabel={producerOptionLabel}
            getOptionSelected={(option, value) =>
              producerKey(option) === producerKey(value)
            }
            onOpen={refreshProducers}
            onInputChange={(_event, _value, reason) => {
              if (reason === 'input') refreshProducers();
            }}
            onChange={(_event, next) => {
              setProducer(next ? producerKey(next) : undefined);
              setEventNames(names =>
                next ? names.filter(n => next.eventNames.includes(n)) : [],
              );
            }}
            renderOption={option => (
              <Box className={classes.option}>
                <Typography variant="body2">
                  {producerOptionLabel(option)}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {producerDetails(option)}
                </Typography>
              </Box>
            )}
            noOptionsText={
              producers.value?.length === 0
                ? `The archive of ${environment} has no events yet`
                : 'No producer matches'
            }
            renderInput={params => (
              <TextField
                {...params}
                required
                variant="outlined"
                size="small"
                label="Producer"
                placeholder="Domain and entity type, e.g. organisation [organisation-party]"
                InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
                error={Boolean(shown('producer', producerMissing))}
                helperText={
                  shown('producer', producerMissing) ??
                  (producer
                    ? producerDetails(producer)
                    : 'Whose archived events to deliver')
                }
              />
            )}
          />
          <TextField
            id="reconstitution-from"
            type="datetime-local"
            variant="outlined"
            size="small"
            label="From"
            value={fromText}
            disabled={busy}
            onChange={event => setFromText(event.target.value)}
            InputLabelProps={{ shrink: true }}
            helperText={
              from
                ? `Inclusive · ${from}`
                : `Your local time (${localTimeZone()}); empty: from the first event`
            }
          />
          <TextField
            id="reconstitution-to"
            type="datetime-local"
            variant="outlined"
            size="small"
            label="To"
            value={toText}
            disabled={busy}
            onChange={event => setToText(event.target.value)}
            InputLabelProps={{ shrink: true }}
            error={Boolean(errors.to)}
            helperText={
              errors.to ??
              (to
                ? `Exclusive · ${to}`
                : `Your local time (${localTimeZone()}); empty: up to now`)
            }
          />
          <Autocomplete
            id="reconstitution-event-names"
            ListboxProps={UNLABELLED_LISTBOX}
            className={classes.wide}
            multiple
            filterSelectedOptions
            options={producer?.eventNames ?? []}
            disabled={busy || !producer}
            value={eventNames}
            onChange={(_event, next) => setEventNames(next)}
            renderTags={(values, getTagProps) =>
              values.map((name, index) => (
                <Chip
                  size="small"
                  label={name}
                  {...getTagProps({ index })}
                  key={name}
                />
              ))
            }
            renderInput={params => (
              <TextField
                {...params}
                variant="outlined"
                size="small"
                label="Event names"
                placeholder={eventNames.length ? '' : 'All event names'}
                InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
                helperText={
                  eventNames.length
                    ? `Only ${plural(eventNames.length, 'event name')}`
                    : 'Empty: every event of the producer'
                }
              />
            )}
          />
          <TextField
            id="reconstitution-entity-ids"
            className={classes.wide}
            multiline
            minRows={3}
            maxRows={12}
            variant="outlined"
            size="small"
            label="Entity IDs"
            placeholder="One per line, or separated by commas or spaces. Empty: all entities"
            value={entityIdsText}
            disabled={busy}
            onChange={event => setEntityIdsText(event.target.value)}
            InputLabelProps={{ shrink: true }}
            inputProps={{
              spellCheck: false,
              className: classes.ids,
              'aria-describedby': 'reconstitution-entity-ids-count',
            }}
            error={Boolean(errors.entityIds)}
            FormHelperTextProps={{ id: 'reconstitution-entity-ids-count' }}
            helperText={
              errors.entityIds ??
              (entityIds.ids.length
                ? `${plural(entityIds.ids.length, 'entity id')}${
                    entityIds.duplicates
                      ? ` (${plural(
                          entityIds.duplicates,
                          'duplicate',
                        )} removed)`
                      : ''
                  }`
                : 'Empty: events of every entity')
            }
          />
        </Box>
      </Paper>

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
            value={rateText}
            disabled={busy}
            onChange={event => setRateText(event.target.value)}
            InputLabelProps={{ shrink: true }}
            inputProps={{ inputMode: 'numeric' }}
            error={Boolean(errors.rate)}
            helperText={errors.rate ?? 'Empty: as fast as the broker confirms'}
          />
        </Box>
      </Paper>

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
            variant={currentDryRun ? 'outlined' : 'contained'}
            color="primary"
            onClick={runDryRun}
            disabled={busy}
          >
            Dry run
          </Button>
          {attempted && !valid && (
            <Typography variant="body2" color="error" role="status">
              Fix first:{' '}
              {(Object.keys(errors) as Array<keyof Errors>)
                .map(key => FIELD_LABELS[key])
                .join(', ')}
            </Typography>
          )}
        </Box>
        {dryRunBusy && <LinearProgress aria-label="Counting events" />}
        {dryRunError && (
          <ErrorNotice
            title="The dry run failed"
            error={dryRunError}
            onDismiss={() => setDryRunError(undefined)}
          />
        )}
        {staleDryRun && (
          <Alert severity="warning">
            The form changed since this dry run. Run it again before starting
            the job.
          </Alert>
        )}
        {dryRun && (
          <DryRunResultView result={dryRun.result} stale={staleDryRun} />
        )}
      </Paper>

      <Paper className={classes.section}>
        <Typography variant="h6" component="h2">
          2. Start job
        </Typography>
        {!currentDryRun && (
          <Typography variant="body2" className={classes.hint}>
            Run a dry run first.
          </Typography>
        )}
        {startError && (
          <ErrorNotice
            title="Could not start the job; nothing was sent"
            error={startError}
            onDismiss={() => setStartError(undefined)}
          />
        )}
        {created && <CreatedNotice job={created} />}
        <Box className={classes.actions}>
          <Button
            variant="contained"
            color="primary"
            onClick={start}
            disabled={!canStart}
            className={classes.start}
          >
            {currentDryRun && currentDryRun.total > 0
              ? `Start job (${plural(
                  currentDryRun.total,
                  'event',
                )} to ${queue})`
              : 'Start job'}
          </Button>
          {secondaryAction}
        </Box>
        {startBusy && <LinearProgress aria-label="Starting the job" />}
      </Paper>
    </form>
  );
}
