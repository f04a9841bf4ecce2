import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';

const useStyles = makeStyles(theme => ({
  unresolved: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  replaying: {
    color: theme.palette.info.main,
    borderColor: theme.palette.info.main,
  },
  replayed: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  discarded: {
    color: theme.palette.text.secondary,
    borderColor: theme.palette.text.secondary,
  },
}));

/** Where a dead letter is in its handling, as a small coloured chip. */
export function StateChip(props: { state: DeadLetterState }) {
  const classes = useStyles();
  const className = (classes as Record<string, string>)[props.state];
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.state}
      className={className}
    />
  );
}
