import { ChangeEvent, useEffect, useRef, useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  DEAD_LETTER_STATES,
  MessageFilters as Filters,
  hasNarrowingFilters,
} from '../../lib/filters';
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
  },
  search: { flex: '2 1 320px' },
  owner: { flex: '2 1 280px' },
  field: { flex: '1 1 200px' },
  state: { flex: '0 1 200px', minWidth: 160 },
  date: { flex: '0 1 220px' },
}));

export type FilterOptions = {
  owners: string[];
  components: string[];
  queues: string[];
  reasons: string[];
};

export type MessageFiltersProps = {
  filters: Filters;
  onChange: (patch: Partial<Filters>, options?: { replace?: boolean }) => void;
  /** Suggestions for the free-text fields. */
  options: FilterOptions;
  /** Label of the failure group filter, when one is set. */
  groupLabel?: string;
  /** Hide the component filter (on a component's own page). */
  hideComponent?: boolean;
};

/**
 * A full entity ref from what was typed: `squad-aura` is
 * `group:default/squad-aura`. Text that is no ref is kept as typed (the
 * backend then simply finds nothing).
 */
export function toEntityRef(
  value: string,
  defaultKind: 'group' | 'component',
): string {
  const trimmed = value.trim();
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return trimmed;
  }
}

/** Commits after the person stops typing for a moment, or on Enter. */
function SearchField(props: {
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  className: string;
}) {
  const { value, onCommit, className } = props;
  const [text, setText] = useState(value ?? '');
  const committed = useRef(value ?? '');
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // The URL changed (back button, link): show what it says.
  useEffect(() => {
    if ((value ?? '') !== committed.current) {
      committed.current = value ?? '';
      setText(value ?? '');
    }
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (next: string) => {
    clearTimeout(timer.current);
    const trimmed = next.trim();
    if (trimmed !== committed.current) {
      committed.current = trimmed;
      onCommit(trimmed || undefined);
    }
  };

  return (
    <TextField
      id="dead-letter-filter-q"
      className={className}
      label="Search body, headers and message id"
      helperText="Search covers only messages whose body you may read"
      variant="outlined"
      size="small"
      value={text}
      inputProps={{ maxLength: 200 }}
      onChange={event => {
        const next = event.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), 600);
      }}
      onKeyDown={event => {
        if (event.key === 'Enter') commit(text);
      }}
      onBlur={() => commit(text)}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
      }}
    />
  );
}

/** A free-text field with suggestions, committed on Enter, pick or blur. */
function SuggestField(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: string[];
  onCommit: (value: string | undefined) => void;
  className: string;
}) {
  return (
    <Autocomplete<string, false, false, true>
      id={props.id}
      className={props.className}
      freeSolo
      autoSelect
      size="small"
      options={props.options}
      value={props.value ?? null}
      onChange={(_event, value) => props.onCommit(value?.trim() || undefined)}
      renderInput={params => (
        <TextField {...params} label={props.label} variant="outlined" />
      )}
    />
  );
}

/**
 * The filters of the messages list. Every change goes to the URL, so the
 * list can be shared and survives a reload.
 */
export function MessageFilters(props: MessageFiltersProps) {
  const { filters, onChange, options, groupLabel, hideComponent } = props;
  const classes = useStyles();

  const onStatesChange = (event: ChangeEvent<{ value: unknown }>) => {
    const states = event.target.value as DeadLetterState[];
    // Nothing ticked is "any state", as is everything ticked.
    onChange({
      states:
        states.length === 0 || states.length === DEAD_LETTER_STATES.length
          ? undefined
          : states,
    });
  };

  return (
    <Paper className={classes.root} component="section" aria-label="Filters">
      <SearchField
        className={classes.search}
        value={filters.q}
        onCommit={q => onChange({ q }, { replace: true })}
      />
      <FormControl variant="outlined" size="small" className={classes.state}>
        <InputLabel id="dead-letter-state-label" shrink>
          State
        </InputLabel>
        <Select
          labelId="dead-letter-state-label"
          name="state"
          SelectDisplayProps={{ id: 'dead-letter-filter-state' }}
          input={<OutlinedInput notched label="State" />}
          multiple
          displayEmpty
          value={filters.states ?? []}
          onChange={onStatesChange}
          renderValue={value =>
            (value as string[]).length
              ? (value as string[]).join(', ')
              : 'Any state'
          }
        >
          {DEAD_LETTER_STATES.map(state => (
            <MenuItem key={state} value={state}>
              <Checkbox
                size="small"
                checked={filters.states?.includes(state) ?? false}
              />
              <ListItemText primary={state} />
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Autocomplete<string, true, false, true>
        id="dead-letter-filter-owner"
        className={classes.owner}
        multiple
        freeSolo
        autoSelect
        size="small"
        options={options.owners}
        value={filters.owners}
        onChange={(_event, owners) =>
          onChange({
            owners: [
              ...new Set(
                owners
                  .filter(owner => owner.trim())
                  .map(owner => toEntityRef(owner, 'group')),
              ),
            ],
          })
        }
        renderTags={(value, getTagProps) =>
          value.map((owner, index) => (
            <Chip size="small" label={owner} {...getTagProps({ index })} />
          ))
        }
        renderInput={params => (
          <TextField
            {...params}
            label="Owner (squad)"
            placeholder={filters.owners.length ? '' : 'group:default/…'}
            variant="outlined"
          />
        )}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={filters.unowned}
            onChange={event => onChange({ unowned: event.target.checked })}
          />
        }
        label={filters.owners.length ? 'Or unowned' : 'Unowned only'}
      />
      {!hideComponent && (
        <SuggestField
          id="dead-letter-filter-component"
          className={classes.field}
          label="Component"
          value={filters.component}
          options={options.components}
          onCommit={component =>
            onChange({
              component: component && toEntityRef(component, 'component'),
            })
          }
        />
      )}
      <SuggestField
        id="dead-letter-filter-queue"
        className={classes.field}
        label="Source queue"
        value={filters.queue}
        options={options.queues}
        onCommit={queue => onChange({ queue })}
      />
      <SuggestField
        id="dead-letter-filter-reason"
        className={classes.field}
        label="Reason"
        value={filters.reason}
        options={options.reasons}
        onCommit={reason => onChange({ reason })}
      />
      <TextField
        id="dead-letter-filter-from"
        className={classes.date}
        label="Captured from"
        type="datetime-local"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={toDateTimeLocal(filters.from)}
        onChange={event =>
          onChange(
            { from: fromDateTimeLocal(event.target.value) },
            { replace: true },
          )
        }
      />
      <TextField
        id="dead-letter-filter-to"
        className={classes.date}
        label="Captured before"
        type="datetime-local"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={toDateTimeLocal(filters.to)}
        onChange={event =>
          onChange(
            { to: fromDateTimeLocal(event.target.value) },
            { replace: true },
          )
        }
      />
      {filters.group && (
        <Chip
          color="primary"
          label={`Failure group: ${groupLabel ?? filters.group}`}
          onDelete={() => onChange({ group: undefined })}
        />
      )}
      {hasNarrowingFilters(filters) && (
        <Box>
          <Button
            onClick={() =>
              onChange({
                owners: [],
                unowned: false,
                component: undefined,
                queue: undefined,
                reason: undefined,
                group: undefined,
                q: undefined,
                from: undefined,
                to: undefined,
              })
            }
          >
            Clear filters
          </Button>
        </Box>
      )}
    </Paper>
  );
}
