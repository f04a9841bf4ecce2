import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { ProviderState } from '../../lib/state';

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  'between-bursts': {
    color: theme.palette.primary.main,
    borderColor: theme.palette.primary.main,
  },
  restarting: {
    color: theme.palette.primary.main,
    borderColor: theme.palette.primary.main,
  },
  'backing-off': {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
  },
  paused: {
    backgroundColor: theme.palette.grey[600],
    color: theme.palette.getContrastText(theme.palette.grey[600]),
  },
  resting: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
}));

const OUTLINED = new Set(['between-bursts', 'restarting', 'waiting-to-start']);

/**
 * Where a provider is, as a chip: Bursting (primary), Between bursts,
 * Resting (green), Backing off (orange), Paused (grey), Waiting to start,
 * Restarting, or the engine's own word for anything else.
 */
export function ProviderStateChip(props: { state: ProviderState }) {
  const { state } = props;
  const classes = useStyles();
  const extra = (classes as Record<string, string>)[state.kind];
  return (
    <Chip
      size="small"
      label={state.label}
      variant={OUTLINED.has(state.kind) ? 'outlined' : 'default'}
      color={state.kind === 'bursting' ? 'primary' : 'default'}
      className={extra ? `${classes.chip} ${extra}` : classes.chip}
      data-testid="provider-state"
    />
  );
}
