import { useMemo, useState } from 'react';
import type { BodyEncoding } from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  MAX_RENDERED_BYTES,
  decodeBase64,
  decodeUtf8,
  hexDump,
  prettyPrintJson,
} from '../../lib/body';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: '60vh',
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    lineHeight: 1.5,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  hex: { whiteSpace: 'pre', wordBreak: 'normal' },
  bar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
}));

type View = 'pretty' | 'raw' | 'hex';

/** The ways to look at a body, the first being the default. */
const VIEWS: Record<BodyEncoding, Array<{ value: View; label: string }>> = {
  json: [
    { value: 'pretty', label: 'Pretty' },
    { value: 'raw', label: 'Raw' },
    { value: 'hex', label: 'Hex' },
  ],
  text: [
    { value: 'pretty', label: 'Text' },
    { value: 'hex', label: 'Hex' },
  ],
  binary: [
    { value: 'hex', label: 'Hex' },
    { value: 'raw', label: 'As text' },
  ],
};

const EXTENSIONS: Record<BodyEncoding, string> = {
  json: 'json',
  text: 'txt',
  binary: 'bin',
};

/**
 * The message body: pretty-printed JSON, text, or a hex dump of the bytes.
 * Always plain text in a `<pre>`: nothing in a body is interpreted as HTML,
 * markdown or a link. Bodies over 256 KiB are cut, with the full body to
 * download.
 */
export function BodyView(props: {
  messageId: string;
  bodyBase64: string;
  encoding: BodyEncoding;
  contentEncoding?: string;
}) {
  const { messageId, bodyBase64, encoding, contentEncoding } = props;
  const classes = useStyles();
  const [view, setView] = useState<View>(
    (VIEWS[encoding] ?? VIEWS.binary)[0].value,
  );

  const bytes = useMemo(() => {
    try {
      return decodeBase64(bodyBase64);
    } catch {
      return undefined;
    }
  }, [bodyBase64]);

  const truncated = (bytes?.length ?? 0) > MAX_RENDERED_BYTES;
  const shown = useMemo(() => bytes?.subarray(0, MAX_RENDERED_BYTES), [bytes]);

  const rendered = useMemo(() => {
    if (!shown) return { text: '' };
    if (view === 'hex') return { text: hexDump(shown) };
    const text = decodeUtf8(shown);
    if (view === 'pretty' && encoding === 'json') {
      // A cut JSON text is no longer JSON: show it raw.
      const pretty = truncated ? undefined : prettyPrintJson(text);
      return pretty === undefined
        ? {
            text,
            note: truncated ? undefined : 'Not valid JSON; shown as text.',
          }
        : { text: pretty };
    }
    return { text };
  }, [shown, view, encoding, truncated]);

  if (!bytes) {
    return (
      <Alert severity="error">
        The body could not be decoded (invalid base64 from the backend).
      </Alert>
    );
  }

  const download = () => {
    const blob = new Blob([bytes], {
      type: 'application/octet-stream',
    });
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `dead-letter-${messageId}.${
      EXTENSIONS[encoding] ?? 'bin'
    }`;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const views = VIEWS[encoding] ?? VIEWS.binary;

  return (
    <Box>
      <Box className={classes.bar}>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view}
          onChange={(_event, value: View | null) => value && setView(value)}
          aria-label="Body view"
        >
          {views.map(option => (
            <ToggleButton key={option.value} value={option.value}>
              {option.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Typography variant="body2" color="textSecondary">
          {encoding} · {formatBytes(bytes.length)}
          {contentEncoding ? ` · content-encoding ${contentEncoding}` : ''}
        </Typography>
        <Box flexGrow={1} />
        <Button
          size="small"
          variant="outlined"
          startIcon={<GetAppIcon />}
          onClick={download}
          disabled={bytes.length === 0}
        >
          Download body
        </Button>
      </Box>
      {truncated && (
        <Box mb={1}>
          <Alert severity="info">
            The body is {formatBytes(bytes.length)}; only the first{' '}
            {formatBytes(MAX_RENDERED_BYTES)} are shown. Download the body to
            see all of it.
          </Alert>
        </Box>
      )}
      {contentEncoding && (
        <Box mb={1}>
          <Alert severity="info">
            The body is {contentEncoding}-encoded and shown as stored (not
            decompressed).
          </Alert>
        </Box>
      )}
      {rendered.note && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {rendered.note}
        </Typography>
      )}
      {bytes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Empty body (0 bytes).
        </Typography>
      ) : (
        <pre
          className={`${classes.pre} ${view === 'hex' ? classes.hex : ''}`}
          data-testid="message-body"
        >
          {rendered.text}
        </pre>
      )}
    </Box>
  );
}
