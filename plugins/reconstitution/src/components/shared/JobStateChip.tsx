import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { ReconstitutionJobState } from '../../api';
import { stateLabel } from '../../lib/jobs';

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600, letterSpacing: 0.5 },
  completed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  cancelled: {
    backgroundColor: theme.palette.grey[500],
    color: theme.palette.getContrastText(theme.palette.grey[500]),
  },
  'awaiting-approval': {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  refused: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  expired: {
    backgroundColor: theme.palette.grey[500],
    color: theme.palette.getContrastText(theme.palette.grey[500]),
  },
}));

/**
 * Where a job is, as an uppercase chip: RUNNING in the primary colour,
 * COMPLETED green, FAILED and REFUSED red, CANCELLED and EXPIRED grey,
 * AWAITING APPROVAL amber, PENDING plain. With a
 * `reason`, it shows on hover.
 */
export function JobStateChip(props: {
  state: ReconstitutionJobState;
  reason?: string;
  'data-testid'?: string;
}) {
  const { state, reason } = props;
  const classes = useStyles();
  const extra = (classes as Record<string, string>)[state];
  const chip = (
    <Chip
      size="small"
      label={stateLabel(state)}
      color={state === 'running' ? 'primary' : 'default'}
      className={extra ? `${classes.chip} ${extra}` : classes.chip}
      data-testid={props['data-testid']}
    />
  );
  if (!reason) {
    return chip;
  }
  return (
    <Tooltip title={reason}>
      <span>{chip}</span>
    </Tooltip>
  );
}
