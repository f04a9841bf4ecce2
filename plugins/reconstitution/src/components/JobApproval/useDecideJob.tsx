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
import TextField from '@material-ui/core/TextField';
import { reconstitutionApiRef, ReconstitutionJob } from '../../api';
import { MAX_REASON_LENGTH } from '../../lib/approvals';
import { plural } from '../../lib/format';
import { producerLabel } from '../../lib/jobs';
import { ErrorNotice } from '../shared';

type Decision = { kind: 'approve' | 'refuse'; job: ReconstitutionJob };

/**
 * Approving (after confirmation) or refusing (with a reason) a job awaiting
 * approval. The backend decides who may; its refusal (403 for the requester
 * or a non-owner, 409 when someone decided first or it expired) shows in the
 * dialog. `onDecided` gets the job as it now is; `onChanged` runs after any
 * attempt, since the job may have moved on either way.
 */
export function useDecideJob(
  options: {
    onDecided?: (job: ReconstitutionJob) => void;
    onChanged?: () => void;
  } = {},
) {
  const { onDecided, onChanged } = options;
  const api = useApi(reconstitutionApiRef);
  const [decision, setDecision] = useState<Decision>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const open = useCallback((kind: Decision['kind'], job: ReconstitutionJob) => {
    setError(undefined);
    setReason('');
    setDecision({ kind, job });
  }, []);
  const approve = useCallback(
    (job: ReconstitutionJob) => open('approve', job),
    [open],
  );
  const refuse = useCallback(
    (job: ReconstitutionJob) => open('refuse', job),
    [open],
  );

  const close = () => {
    if (!busy) {
      setDecision(undefined);
      setError(undefined);
    }
  };

  const trimmed = reason.trim();
  const reasonError =
    trimmed.length > MAX_REASON_LENGTH
      ? `At most ${MAX_REASON_LENGTH} characters`
      : undefined;
  const ready =
    decision?.kind === 'approve' || (trimmed.length > 0 && !reasonError);

  const confirm = async () => {
    if (!decision || busy || !ready) return;
    setBusy(true);
    setError(undefined);
    try {
      const job =
        decision.kind === 'approve'
          ? await api.approveJob(decision.job.id)
          : await api.refuseJob(decision.job.id, trimmed);
      setDecision(undefined);
      onDecided?.(job);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const job = decision?.job;
  const approving = decision?.kind === 'approve';
  const dialog: ReactNode = (
    <Dialog
      open={Boolean(decision)}
      onClose={close}
      aria-labelledby="reconstitution-decide-title"
      fullWidth
      maxWidth="sm"
    >
      {job && (
        <>
          <DialogTitle id="reconstitution-decide-title">
            {approving ? 'Approve this job?' : 'Refuse this job?'}
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              {plural(job.progress.matched, 'event')} of{' '}
              {producerLabel(job.producer)} to {job.receiver.queue} in{' '}
              {job.environment}, asked by {job.createdBy}.{' '}
              {approving
                ? 'Once approved it starts when a backend instance takes it.'
                : 'A refused job never runs; the requester is told why.'}
            </DialogContentText>
            {!approving && (
              <TextField
                id="reconstitution-refuse-reason"
                label="Reason"
                required
                fullWidth
                multiline
                minRows={2}
                value={reason}
                onChange={event => setReason(event.target.value)}
                error={Boolean(reasonError)}
                helperText={reasonError ?? 'The requester sees it'}
                disabled={busy}
              />
            )}
            {error && (
              <Box mt={1}>
                <ErrorNotice
                  title={
                    approving
                      ? 'Could not approve the job'
                      : 'Could not refuse the job'
                  }
                  error={error}
                />
              </Box>
            )}
          </DialogContent>
          {busy && <LinearProgress aria-label="Sending the decision" />}
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              {error ? 'Close' : 'Back'}
            </Button>
            {!error && (
              <Button
                color={approving ? 'primary' : 'secondary'}
                variant="contained"
                onClick={confirm}
                disabled={busy || !ready}
              >
                {approving ? 'Approve job' : 'Refuse job'}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { approve, refuse, dialog, busy };
}
