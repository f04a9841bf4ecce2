import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  formatDateTime,
  plural,
} from '@internal/backstage-plugin-portal-react';
import type { ArchivedProducer } from '../../api';
import type { NewJobFormState } from '../../hooks/useNewJobForm';
import { nonDefaultSource, producerLabel } from '../../lib/jobs';
import { producerKey } from '../../lib/newJob';
import { UNLABELLED_LISTBOX, useNewJobStyles } from './newJobStyles';

function producerOptionLabel(p: ArchivedProducer): string {
  const source = nonDefaultSource(p.source);
  return source ? `${producerLabel(p)} · ${source}` : producerLabel(p);
}

function producerDetails(p: ArchivedProducer): string {
  return `${plural(p.events, 'event')} · ${formatDateTime(
    p.firstOccurredAt,
  )} – ${formatDateTime(p.lastOccurredAt)}`;
}

/** The archived producer whose events to deliver, with its event count. */
export function ProducerField(props: { form: NewJobFormState; busy: boolean }) {
  const { form, busy } = props;
  const { producers } = form;
  const { environment, producer, producerMissing } = form.values;
  const classes = useNewJobStyles();
  const error = form.shown('producer', producerMissing);
  return (
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
      onOpen={form.refreshProducers}
      onInputChange={(_event, _value, reason) => {
        if (reason === 'input') form.refreshProducers();
      }}
      onChange={(_event, next) => form.setProducer(next)}
      renderOption={option => (
        <Box className={classes.option}>
          <Typography variant="body2">{producerOptionLabel(option)}</Typography>
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
          error={Boolean(error)}
          helperText={
            error ??
            (producer
              ? producerDetails(producer)
              : 'Whose archived events to deliver')
          }
        />
      )}
    />
  );
}
