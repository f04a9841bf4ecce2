import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';

const useStyles = makeStyles(theme => ({
  toolbar: {
    gap: theme.spacing(2),
    paddingLeft: theme.spacing(2),
    paddingRight: theme.spacing(1),
  },
  selectedToolbar: {
    backgroundColor: theme.palette.action.selected,
  },
  title: { flex: '1 1 auto' },
}));

/** `50 of 1,298+`, or just how many are listed. */
export function countText(
  listed: number,
  totalEstimate: number | undefined,
  totalCapped: boolean | undefined,
): string {
  return totalEstimate !== undefined && totalEstimate > listed
    ? `${listed.toLocaleString()} of ${totalEstimate.toLocaleString()}${
        totalCapped ? '+' : ''
      }`
    : listed.toLocaleString();
}

/**
 * The list's title and count with its actions and Refresh; while messages
 * are selected, how many with the actions on them instead.
 */
export function MessagesToolbar(props: {
  /** Selected messages. */
  selected: number;
  /** Actions on the selected messages. */
  selectionActions?: ReactNode;
  onClearSelection: () => void;
  /** The count after the title; empty while not known. */
  count: string;
  /** Actions on the whole list. */
  actions?: ReactNode;
  onRefresh?: () => void;
  loading: boolean;
}) {
  const { selected, selectionActions, onClearSelection, count } = props;
  const { actions, onRefresh, loading } = props;
  const classes = useStyles();
  return (
    <Toolbar
      className={`${classes.toolbar} ${
        selected ? classes.selectedToolbar : ''
      }`}
    >
      {selected > 0 ? (
        <>
          <Typography className={classes.title} variant="subtitle1">
            {selected} selected
          </Typography>
          {selectionActions}
          <Button size="small" onClick={onClearSelection}>
            Clear selection
          </Button>
        </>
      ) : (
        <Typography className={classes.title} variant="h6">
          Messages{' '}
          {count && (
            <Typography component="span" color="textSecondary">
              ({count})
            </Typography>
          )}
        </Typography>
      )}
      {selected === 0 && actions}
      {selected === 0 && onRefresh && (
        <Tooltip title="Refresh">
          <span>
            <IconButton
              aria-label="Refresh"
              onClick={onRefresh}
              disabled={loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      )}
    </Toolbar>
  );
}
