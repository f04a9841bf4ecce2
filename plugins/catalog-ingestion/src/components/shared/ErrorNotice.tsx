import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError } from '../../lib/errors';

/**
 * An error in plain words (the backend's own message, and its status), with
 * a retry when one is possible.
 */
export function ErrorNotice(props: {
  error: Error;
  title?: string;
  severity?: 'error' | 'warning';
  onRetry?: () => void;
  /** Offers a close button (when there is no retry). */
  onDismiss?: () => void;
  /** Shown under the message when the backend answered 403. */
  forbiddenHint?: string;
}) {
  const {
    error,
    title,
    severity = 'error',
    onRetry,
    onDismiss,
    forbiddenHint,
  } = props;
  const { message, detail, status } = describeError(error);
  return (
    <Alert
      severity={severity}
      role="alert"
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
      {status === 403 && forbiddenHint && (
        <Box component="span" display="block" mt={0.5}>
          {forbiddenHint}
        </Box>
      )}
    </Alert>
  );
}
