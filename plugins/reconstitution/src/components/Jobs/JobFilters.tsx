import { ChangeEvent } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Autocomplete from '@material-ui/lab/Autocomplete';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { ReconstitutionJobState, ReconstitutionReceiver } from '../../api';
import { JOB_STATES, stateLabel } from '../../lib/jobs';
import { receiverLabel, receiverMatches } from '../../lib/receivers';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    padding: theme.spacing(0, 2, 2),
  },
  group: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
  toggle: { padding: theme.spacing(0.5, 1.25), fontSize: '0.75rem' },
  environment: { minWidth: 180 },
  receiver: { minWidth: 300, flex: '1 1 300px', maxWidth: 480 },
}));

export type JobFilterValues = {
  states: ReconstitutionJobState[];
  environment?: string;
  receiver?: string;
};

/**
 * The filters of the jobs list: states (any of them; none is all),
 * environment and receiver (left out when the list is for one receiver).
 */
export function JobFilters(props: {
  value: JobFilterValues;
  onChange: (next: JobFilterValues) => void;
  environments: string[];
  /** Offer the receiver filter with these receivers. */
  receivers?: ReconstitutionReceiver[];
  receiversLoading?: boolean;
}) {
  const { value, onChange, environments, receivers, receiversLoading } = props;
  const classes = useStyles();

  const environmentOptions =
    value.environment && !environments.includes(value.environment)
      ? [...environments, value.environment]
      : environments;
  const receiverOptions = receivers ?? [];
  const selectedReceiver = value.receiver
    ? receiverOptions.find(r => r.entityRef === value.receiver) ?? {
        entityRef: value.receiver,
        queues: [],
      }
    : null;

  return (
    <Box className={classes.root}>
      <Box className={classes.group}>
        <Typography
          variant="caption"
          color="textSecondary"
          id="job-state-filter"
        >
          State
        </Typography>
        <ToggleButtonGroup
          size="small"
          value={value.states}
          aria-labelledby="job-state-filter"
          onChange={(_event, states: ReconstitutionJobState[]) =>
            onChange({ ...value, states })
          }
        >
          {JOB_STATES.map(state => (
            <ToggleButton
              key={state}
              value={state}
              className={classes.toggle}
              aria-label={stateLabel(state)}
            >
              {stateLabel(state)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <TextField
        id="job-environment-filter"
        select
        size="small"
        label="Environment"
        className={classes.environment}
        value={value.environment ?? ''}
        onChange={(event: ChangeEvent<{ value: unknown }>) =>
          onChange({
            ...value,
            environment: String(event.target.value) || undefined,
          })
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">All environments</option>
        {environmentOptions.map(environment => (
          <option key={environment} value={environment}>
            {environment}
          </option>
        ))}
      </TextField>
      {receivers !== undefined && (
        <Autocomplete
          id="job-receiver-filter"
          ListboxProps={{ 'aria-labelledby': undefined }}
          className={classes.receiver}
          size="small"
          options={receiverOptions}
          loading={receiversLoading}
          value={selectedReceiver}
          getOptionLabel={receiverLabel}
          getOptionSelected={(option, selected) =>
            option.entityRef === selected.entityRef
          }
          filterOptions={(options, state) =>
            options.filter(option => receiverMatches(option, state.inputValue))
          }
          renderOption={option => (
            <Box>
              <Typography variant="body2">{receiverLabel(option)}</Typography>
              <Typography variant="caption" color="textSecondary">
                {option.entityRef}
                {option.ownerRef && ` · ${option.ownerRef}`}
              </Typography>
            </Box>
          )}
          onChange={(_event, receiver) =>
            onChange({ ...value, receiver: receiver?.entityRef })
          }
          renderInput={params => (
            <TextField
              {...params}
              label="Receiver"
              placeholder="All receivers"
              InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
            />
          )}
        />
      )}
    </Box>
  );
}
