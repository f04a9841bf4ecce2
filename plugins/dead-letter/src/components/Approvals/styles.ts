import { makeStyles } from '@material-ui/core/styles';

export const useApprovalStyles = makeStyles(theme => ({
  wrap: { overflowWrap: 'anywhere', maxWidth: 320 },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    overflowWrap: 'anywhere',
  },
  buttons: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
  awaiting: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  refused: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));
