import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { ErrorNotice, plural } from '@internal/backstage-plugin-portal-react';
import type { NewJobFormState } from '../../hooks/useNewJobForm';
import { localTimeZone } from '../../lib/format';
import { ProducerField } from './ProducerField';
import { UNLABELLED_LISTBOX, useNewJobStyles } from './newJobStyles';

type SectionProps = { form: NewJobFormState; busy: boolean };

function TimeRangeFields(props: SectionProps) {
  const { form, busy } = props;
  const { from, to } = form.values;
  return (
    <>
      <TextField
        id="reconstitution-from"
        type="datetime-local"
        variant="outlined"
        size="small"
        label="From"
        value={form.text.from}
        disabled={busy}
        onChange={event => form.setFromText(event.target.value)}
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
        value={form.text.to}
        disabled={busy}
        onChange={event => form.setToText(event.target.value)}
        InputLabelProps={{ shrink: true }}
        error={Boolean(form.errors.to)}
        helperText={
          form.errors.to ??
          (to
            ? `Exclusive · ${to}`
            : `Your local time (${localTimeZone()}); empty: up to now`)
        }
      />
    </>
  );
}

function EventNamesField(props: SectionProps) {
  const { form, busy } = props;
  const { producer, eventNames } = form.values;
  const classes = useNewJobStyles();
  return (
    <Autocomplete
      id="reconstitution-event-names"
      ListboxProps={UNLABELLED_LISTBOX}
      className={classes.wide}
      multiple
      filterSelectedOptions
      options={producer?.eventNames ?? []}
      disabled={busy || !producer}
      value={eventNames}
      onChange={(_event, next) => form.setEventNames(next)}
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
  );
}

function EntityIdsField(props: SectionProps) {
  const { form, busy } = props;
  const { entityIds } = form.values;
  const classes = useNewJobStyles();
  return (
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
      value={form.text.entityIds}
      disabled={busy}
      onChange={event => form.setEntityIdsText(event.target.value)}
      InputLabelProps={{ shrink: true }}
      inputProps={{
        spellCheck: false,
        className: classes.ids,
        'aria-describedby': 'reconstitution-entity-ids-count',
      }}
      error={Boolean(form.errors.entityIds)}
      FormHelperTextProps={{ id: 'reconstitution-entity-ids-count' }}
      helperText={
        form.errors.entityIds ??
        (entityIds.ids.length
          ? `${plural(entityIds.ids.length, 'entity id')}${
              entityIds.duplicates
                ? ` (${plural(entityIds.duplicates, 'duplicate')} removed)`
                : ''
            }`
          : 'Empty: events of every entity')
      }
    />
  );
}

/** "Which events": the producer, time range, event names and entity ids. */
export function WhichEventsSection(props: SectionProps) {
  const { form } = props;
  const { producers } = form;
  const classes = useNewJobStyles();
  return (
    <Paper className={classes.section}>
      <Typography variant="h6" component="h2">
        Which events
      </Typography>
      {producers.error && (
        <ErrorNotice
          title={`Could not load the producers of ${form.values.environment}`}
          error={producers.error}
          onRetry={producers.retry}
        />
      )}
      <Box className={classes.row}>
        <ProducerField {...props} />
        <TimeRangeFields {...props} />
        <EventNamesField {...props} />
        <EntityIdsField {...props} />
      </Box>
    </Paper>
  );
}
