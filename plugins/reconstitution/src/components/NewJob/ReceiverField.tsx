import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { plural } from '@internal/backstage-plugin-portal-react';
import type { NewJobFormState } from '../../hooks/useNewJobForm';
import { receiverLabel, receiverMatches } from '../../lib/receivers';
import { UNLABELLED_LISTBOX, useNewJobStyles } from './newJobStyles';

/** The component to receive the events, searched by name, ref or owner. */
export function ReceiverField(props: { form: NewJobFormState; busy: boolean }) {
  const { form, busy } = props;
  const { receivers, receiver } = form;
  const { unknownReceiver } = form.values;
  const classes = useNewJobStyles();
  const error = form.shown('receiver', unknownReceiver);
  return (
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
        options.filter(option => receiverMatches(option, state.inputValue))
      }
      onChange={(_event, next) => form.setReceiver(next?.entityRef)}
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
          error={Boolean(error)}
          helperText={
            error ??
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
  );
}
