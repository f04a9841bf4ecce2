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
import { deadLetterApiRef, DeadLetterApproval } from '../../api';
import { MAX_REASON_LENGTH, requestSummary } from '../../lib/approvals';
import { ErrorNotice } from '../shared';

type Decision = { kind: 'approve' | 'refuse'; approval: DeadLetterApproval };

/**
 * Approving (after confirmation: it runs exactly as asked) or refusing (with
 * a reason the requester sees) a request. The backend decides who may; its
 * refusal (403 for the requester or a non-owner, 409 when someone decided
 * first or it expired) shows in the dialog. `onDecided` gets the request as
 * it now is; `onChanged` runs after any attempt.
 */
export function useDecideApproval(
  options: {
    onDecided?: (approval: DeadLetterApproval) => void;
    onChanged?: () => void;
  } = {},
) {
  const { onDecided, onChanged } = options;
  const api = useApi(deadLetterApiRef);
  const [decision, setDecision] = useState<Decision>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const open = useCallback(
    (kind: Decision['kind'], approval: DeadLetterApproval) => {
      setError(undefined);
      setReason('');
      setDecision({ kind, approval });
    },
    [],
  );
  const approve = useCallback(
    (approval: DeadLetterApproval) => open('approve', approval),
    [open],
  );
  const refuse = useCallback(
    (approval: DeadLetterApproval) => open('refuse', approval),
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
  const approving = decision?.kind === 'approve';
  const ready = approving || (trimmed.length > 0 && !reasonError);

  const confirm = async () => {
    if (!decision || busy || !ready) return;
    setBusy(true);
    setError(undefined);
    try {
      const decided = approving
        ? await api.approveRequest(decision.approval.id)
        : await api.refuseRequest(decision.approval.id, trimmed);
      setDecision(undefined);
      onDecided?.(decided);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const approval = decision?.approval;
  const dialog: ReactNode = (
    <Dialog
      open={Boolean(decision)}
      onClose={close}
      aria-labelledby="dead-letter-decide-title"
      fullWidth
      maxWidth="sm"
    >
      {approval && (
        <>
          <DialogTitle id="dead-letter-decide-title">
            {approving ? 'Approve this request?' : 'Refuse this request?'}
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              {requestSummary(approval)} in {approval.environment}, asked by{' '}
              {approval.requestedBy}.{' '}
              {approving
                ? 'Once approved it runs exactly as asked.'
                : 'A refused request never runs; its messages are free again and the requester is told why.'}
            </DialogContentText>
            {!approving && (
              <TextField
                id="dead-letter-refuse-reason"
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
                      ? 'Could not approve the request'
                      : 'Could not refuse the request'
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
                {approving ? 'Approve' : 'Refuse'}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { approve, refuse, dialog, busy };
}
