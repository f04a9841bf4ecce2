import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import type { CheckState } from '../../api';

const useStyles = makeStyles(theme => ({
  chip: {
    fontWeight: 600,
    letterSpacing: 0.3,
    textTransform: 'capitalize',
    minWidth: 96,
    justifyContent: 'flex-start',
  },
  icon: { color: 'inherit !important' },
  passed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  exempt: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.grey[300],
    color: theme.palette.getContrastText(theme.palette.grey[300]),
    border: `1px dashed ${theme.palette.grey[600]}`,
  },
}));

const ICONS: Record<CheckState, typeof CheckCircleIcon> = {
  passed: CheckCircleIcon,
  failed: CancelIcon,
  exempt: RemoveCircleOutlineIcon,
  unknown: HelpOutlineIcon,
};

/**
 * A check's state: passed (green, tick), failed (red, cross), exempt (blue,
 * dash), unknown (grey, question mark), always with the word itself.
 */
export function CheckStateChip(props: {
  state: CheckState;
  'data-testid'?: string;
}) {
  const { state } = props;
  const classes = useStyles();
  const Icon = ICONS[state] ?? HelpOutlineIcon;
  return (
    <Chip
      size="small"
      icon={<Icon className={classes.icon} aria-hidden />}
      label={state}
      className={`${classes.chip} ${classes[state] ?? classes.unknown}`}
      data-testid={props['data-testid']}
    />
  );
}
