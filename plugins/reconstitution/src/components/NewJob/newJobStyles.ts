import { makeStyles } from '@material-ui/core/styles';

/** The layout of the "Add job" form's sections. */
export const useNewJobStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(3) },
  section: {
    padding: theme.spacing(2, 3, 3),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
  },
  wide: { gridColumn: '1 / -1' },
  ids: { fontFamily: 'monospace' },
  actions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  hint: { color: theme.palette.text.secondary },
  // Queue names as they are, not in capitals.
  start: { textTransform: 'none' },
  option: { display: 'flex', flexDirection: 'column' },
}));

/**
 * Options lists are not labelled by their field's label, so that the label
 * finds the one field (the list belongs to it through `aria-controls`).
 */
export const UNLABELLED_LISTBOX = { 'aria-labelledby': undefined };
