import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import {
  CLEARED_FILTERS,
  MessageFilters as Filters,
  hasNarrowingFilters,
  toEntityRef,
} from '../../lib/filters';
import type { FilterOptions } from '../../lib/groups';
import {
  DateField,
  OwnerField,
  SearchField,
  StateSelect,
  SuggestField,
} from './fields';

export type { FilterOptions } from '../../lib/groups';

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
 * The filters of the messages list. Every change goes to the URL, so the
 * list can be shared and survives a reload.
 */
export function MessageFilters(props: MessageFiltersProps) {
  const { filters, onChange, options, groupLabel, hideComponent } = props;
  const classes = useStyles();

  return (
    <Paper className={classes.root} component="section" aria-label="Filters">
      <SearchField
        className={classes.search}
        value={filters.q}
        onCommit={q => onChange({ q }, { replace: true })}
      />
      <StateSelect
        className={classes.state}
        value={filters.states}
        onChange={states => onChange({ states })}
      />
      <OwnerField
        className={classes.owner}
        value={filters.owners}
        options={options.owners}
        onChange={owners => onChange({ owners })}
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
      <DateField
        id="dead-letter-filter-from"
        className={classes.date}
        label="Captured from"
        value={filters.from}
        onChange={from => onChange({ from }, { replace: true })}
      />
      <DateField
        id="dead-letter-filter-to"
        className={classes.date}
        label="Captured before"
        value={filters.to}
        onChange={to => onChange({ to }, { replace: true })}
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
          <Button onClick={() => onChange(CLEARED_FILTERS)}>
            Clear filters
          </Button>
        </Box>
      )}
    </Paper>
  );
}
