import { makeStyles } from '@material-ui/core/styles';

/** Cells of the clickable list rows (messages, failure groups). */
export const useRowStyles = makeStyles(theme => ({
  row: { cursor: 'pointer' },
  nowrap: { whiteSpace: 'nowrap' },
  // Queue and type names break only where Breakable allows.
  mono: {
    fontFamily: 'monospace',
    wordBreak: 'normal',
    overflowWrap: 'normal',
  },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
  },
}));
