import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

type ResponseErrorLike = Error & {
  statusCode?: number;
  statusText?: string;
  cause?: { name?: string; message?: string };
};

/**
 * The message worth showing: for a failed backend request, the backend's own
 * message (which names the bad field), not "Request failed with 400".
 */
export function describeError(error: Error): {
  message: string;
  detail?: string;
} {
  if (error.name === 'ResponseError') {
    const { cause, statusCode, statusText } = error as ResponseErrorLike;
    let name = cause?.name;
    let message = cause?.message || error.message;
    // A JSON error body without Backstage's `response` part ends up as text
    // in the message: take the backend's own name and message out of it.
    const raw = message.match(/^Request failed with status \d+[^,]*, (.*)$/s);
    if (raw) {
      try {
        const body = JSON.parse(raw[1]);
        if (typeof body?.error?.message === 'string') {
          message = body.error.message;
          name = typeof body.error.name === 'string' ? body.error.name : name;
        }
      } catch {
        // Not JSON: keep the text.
      }
    }
    return {
      message,
      detail: [statusCode, name ?? statusText].filter(Boolean).join(' '),
    };
  }
  return { message: error.message || String(error) };
}

/** The HTTP status of a failed backend request, if it was one. */
export function statusOf(error: Error | undefined): number | undefined {
  return error?.name === 'ResponseError'
    ? (error as ResponseErrorLike).statusCode
    : undefined;
}

/** An error in plain words, with a retry when one is possible. */
export function ErrorNotice(props: {
  error: Error;
  title?: string;
  onRetry?: () => void;
  /** Offers a close button (when there is no retry). */
  onDismiss?: () => void;
  'data-testid'?: string;
}) {
  const { error, title, onRetry, onDismiss } = props;
  const { message, detail } = describeError(error);
  return (
    <Alert
      severity="error"
      role="alert"
      data-testid={props['data-testid']}
      onClose={onRetry ? undefined : onDismiss}
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        )
      }
    >
      {title && <AlertTitle>{title}</AlertTitle>}
      <Box component="span" style={{ wordBreak: 'break-word' }}>
        {message}
      </Box>
      {detail && (
        <Box component="span" color="text.secondary">
          {' '}
          ({detail})
        </Box>
      )}
    </Alert>
  );
}
