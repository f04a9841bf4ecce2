import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** Characters of the error's first line shown before "Show full error". */
export const ERROR_PREVIEW_LENGTH = 200;

const useStyles = makeStyles(theme => ({
  text: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    overflowWrap: 'anywhere',
  },
  full: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: theme.spacing(1, 0, 0),
    maxHeight: 400,
    overflow: 'auto',
  },
}));

/**
 * The last error of a provider's cycle: its first line, and the whole text
 * on demand. The text is the backend's and is shown as text.
 */
export function LastError(props: {
  provider: string;
  text: string;
  severity: 'error' | 'warning';
  /** A line under the title, e.g. that the provider carried on since. */
  note?: string;
}) {
  const { provider, text, severity, note } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const firstLine = text.split('\n')[0];
  const preview =
    firstLine.length > ERROR_PREVIEW_LENGTH
      ? `${firstLine.slice(0, ERROR_PREVIEW_LENGTH)}…`
      : firstLine;
  const expandable = preview !== text;
  const id = `catalog-ingestion-error-${provider.replace(/[^\w-]/g, '_')}`;
  return (
    <Alert
      severity={severity}
      role="group"
      aria-label={`Last error of ${provider}`}
    >
      <AlertTitle>Last error of this cycle</AlertTitle>
      {note && (
        <Box component="span" display="block" mb={0.5}>
          {note}
        </Box>
      )}
      {open ? (
        <Box component="pre" id={id} className={classes.full}>
          {text}
        </Box>
      ) : (
        <Box component="span" className={classes.text}>
          {preview}
        </Box>
      )}
      {expandable && (
        <Box mt={0.5}>
          <Button
            size="small"
            color="inherit"
            variant="outlined"
            aria-expanded={open}
            aria-controls={open ? id : undefined}
            onClick={() => setOpen(o => !o)}
          >
            {open ? 'Show less' : 'Show full error'}
          </Button>
        </Box>
      )}
    </Alert>
  );
}
