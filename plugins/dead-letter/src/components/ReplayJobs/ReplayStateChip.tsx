import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { ReplayJobState } from '../../api';

const useStyles = makeStyles(theme => ({
  pending: {
    color: theme.palette.text.secondary,
    borderColor: theme.palette.text.secondary,
  },
  running: {
    color: theme.palette.info.main,
    borderColor: theme.palette.info.main,
  },
  completed: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  failed: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  cancelled: {
    color: theme.palette.warning.dark,
    borderColor: theme.palette.warning.dark,
  },
}));

/** Where a replay job is, as a small coloured chip. */
export function ReplayStateChip(props: { state: ReplayJobState }) {
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
