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
import { reconstitutionApiRef, ReconstitutionJob } from '../../api';
import { formatNumber } from '../../lib/format';
import { ErrorNotice } from '../shared';

/**
 * Cancelling a job, after confirmation. A refusal (403, or 409 when the job
 * ended meanwhile) shows in the dialog; `onChanged` runs either way, since
 * the job may have moved on.
 */
export function useCancelJob(options: { onChanged?: () => void } = {}) {
  const { onChanged } = options;
  const api = useApi(reconstitutionApiRef);
  const [job, setJob] = useState<ReconstitutionJob>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const request = useCallback((next: ReconstitutionJob) => {
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
      await api.cancelJob(job.id);
      setJob(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const dialog: ReactNode = (
    <Dialog
      open={Boolean(job)}
      onClose={close}
      aria-labelledby="reconstitution-cancel-title"
    >
      {job && (
        <>
          <DialogTitle id="reconstitution-cancel-title">
            Cancel this job?
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              No further events are sent to {job.receiver.queue}.{' '}
              {job.progress.sent > 0
                ? `The ${formatNumber(
                    job.progress.sent,
                  )} events already sent stay delivered.`
                : 'Nothing has been sent yet.'}
            </DialogContentText>
            {error && (
              <Box mt={1}>
                <ErrorNotice title="Could not cancel the job" error={error} />
              </Box>
            )}
          </DialogContent>
          {busy && <LinearProgress aria-label="Cancelling" />}
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
                {busy ? 'Cancelling…' : 'Cancel job'}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { request, dialog, busy };
}
