import { ReactNode, useCallback, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import { deadLetterApiRef, ReplayJob } from '../../api';
import { plural } from '../../lib/replay';
import { ErrorNotice } from '../shared';

/**
 * Cancelling a replay job, after confirmation. A refusal (403, or 409 when
 * the job ended meanwhile) shows in the dialog; `onChanged` runs either way,
 * since the job may have moved on.
 */
export function useCancelReplay(options: { onChanged?: () => void } = {}) {
  const { onChanged } = options;
  const api = useApi(deadLetterApiRef);
  const [job, setJob] = useState<ReplayJob>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const request = useCallback((next: ReplayJob) => {
    setError(undefined);
    setJob(next);
  }, []);

  const close = () => {
    if (!busy) {
      setJob(undefined);
      setError(undefined);
    }
  };

  const confirm = async () => {
    if (!job || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.cancelReplay(job.id);
      setJob(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const left = job ? Math.max(0, job.total - job.sent) : 0;
  const dialog: ReactNode = (
    <Dialog
      open={Boolean(job)}
      onClose={close}
      aria-labelledby="dead-letter-cancel-replay-title"
    >
      {job && (
        <>
          <DialogTitle id="dead-letter-cancel-replay-title">
            Cancel this replay?
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              {left > 0
                ? `The ${plural(left, 'message')} not published yet ${
                    left === 1 ? 'goes' : 'go'
                  } back to unresolved and can be replayed again.`
                : 'Messages not published yet go back to unresolved and can be replayed again.'}{' '}
              Messages already published stay published.
            </DialogContentText>
            {error && (
              <Box mt={1}>
                <ErrorNotice
                  title="Could not cancel the replay"
                  error={error}
                />
              </Box>
            )}
          </DialogContent>
          {busy && <LinearProgress aria-label="Cancelling…" />}
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              {error ? 'Close' : 'Keep running'}
            </Button>
            {!error && (
              <Button
                color="secondary"
                variant="contained"
                onClick={confirm}
                disabled={busy}
              >
                {busy ? 'Cancelling…' : 'Cancel replay'}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { request, dialog, busy };
}
