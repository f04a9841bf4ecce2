import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError, isForbidden } from './describeError';

/** @public */
export type ErrorNoticeProps = {
  error: Error;
  title?: string;
  severity?: 'error' | 'warning';
  onRetry?: () => void;
  /** Offers a close button (when there is no retry). */
  onDismiss?: () => void;
  /** Shown under the message when the backend answered 403. */
  forbiddenHint?: string;
  'data-testid'?: string;
};

/**
 * An error in plain words (the backend's own message, and its status), with
 * a retry when one is possible.
 *
 * @public
 */
export function ErrorNotice(props: ErrorNoticeProps) {
  const {
    error,
    title,
    severity = 'error',
    onRetry,
    onDismiss,
    forbiddenHint,
  } = props;
  const { message, detail } = describeError(error);
  return (
    <Alert
      severity={severity}
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
      {forbiddenHint && isForbidden(error) && (
        <Box component="span" display="block" mt={0.5}>
          {forbiddenHint}
        </Box>
      )}
    </Alert>
  );
}
