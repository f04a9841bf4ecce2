import { ChangeEvent, useEffect, useRef, useState } from 'react';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  fromDateTimeLocal,
  toDateTimeLocal,
} from '@internal/backstage-plugin-portal-react';
import { DEAD_LETTER_STATES, toEntityRef } from '../../lib/filters';

/** Commits after the person stops typing for a moment, or on Enter. */
export function SearchField(props: {
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
export function SuggestField(props: {
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

/** The states to list; nothing ticked (or everything) is any state. */
export function StateSelect(props: {
  value: DeadLetterState[] | undefined;
  onChange: (states: DeadLetterState[] | undefined) => void;
  className: string;
}) {
  const { value, onChange, className } = props;
  const onStatesChange = (event: ChangeEvent<{ value: unknown }>) => {
    const states = event.target.value as DeadLetterState[];
    onChange(
      states.length === 0 || states.length === DEAD_LETTER_STATES.length
        ? undefined
        : states,
    );
  };
  return (
    <FormControl variant="outlined" size="small" className={className}>
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
        value={value ?? []}
        onChange={onStatesChange}
        renderValue={selected =>
          (selected as string[]).length
            ? (selected as string[]).join(', ')
            : 'Any state'
        }
      >
        {DEAD_LETTER_STATES.map(state => (
          <MenuItem key={state} value={state}>
            <Checkbox size="small" checked={value?.includes(state) ?? false} />
            <ListItemText primary={state} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Owner squads, as full group refs (`squad-aura` is completed). */
export function OwnerField(props: {
  value: string[];
  options: string[];
  onChange: (owners: string[]) => void;
  className: string;
}) {
  const { value, options, onChange, className } = props;
  return (
    <Autocomplete<string, true, false, true>
      id="dead-letter-filter-owner"
      className={className}
      multiple
      freeSolo
      autoSelect
      size="small"
      options={options}
      value={value}
      onChange={(_event, owners) =>
        onChange([
          ...new Set(
            owners
              .filter(owner => owner.trim())
              .map(owner => toEntityRef(owner, 'group')),
          ),
        ])
      }
      renderTags={(tags, getTagProps) =>
        tags.map((owner, index) => (
          <Chip size="small" label={owner} {...getTagProps({ index })} />
        ))
      }
      renderInput={params => (
        <TextField
          {...params}
          label="Owner (squad)"
          placeholder={value.length ? '' : 'group:default/…'}
          variant="outlined"
        />
      )}
    />
  );
}

/** A capture time bound, as local date and time (the URL keeps ISO). */
export function DateField(props: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  className: string;
}) {
  return (
    <TextField
      id={props.id}
      className={props.className}
      label={props.label}
      type="datetime-local"
      variant="outlined"
      size="small"
      InputLabelProps={{ shrink: true }}
      value={toDateTimeLocal(props.value)}
      onChange={event => props.onChange(fromDateTimeLocal(event.target.value))}
    />
  );
}
