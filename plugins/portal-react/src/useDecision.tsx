import { ReactNode, useCallback, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import { ErrorNotice } from './errors/ErrorNotice';

/** @public */
export type DecisionKind = 'approve' | 'refuse';

/** @public */
export type UseDecisionOptions<T> = {
  /** Sends the decision; resolves to the item as it now is. */
  decide: (kind: DecisionKind, item: T, reason: string) => Promise<T>;
  /** The dialog's text: what is decided, and what the decision does. */
  describe: (item: T, approving: boolean) => ReactNode;
  /** What is decided on, in titles and errors: 'request', 'job'. */
  noun: string;
  /** Prefix of the dialog's element ids, e.g. the plugin id. */
  idPrefix: string;
  /** Longest refusal reason the backend accepts. */
  maxReasonLength: number;
  /** How an error shows in the dialog (default {@link ErrorNotice}). */
  renderError?: (title: string, error: Error) => ReactNode;
  /** Confirm button labels (default 'Approve' and 'Refuse'). */
  confirmLabels?: { approve: string; refuse: string };
  onDecided?: (item: T) => void;
  /** Runs after any attempt, since the item may have moved on either way. */
  onChanged?: () => void;
};

/**
 * Approving (after confirmation) or refusing (with a reason the requester
 * sees) an item awaiting four-eyes approval. The backend decides who may;
 * its refusal (403 for the requester or a non-owner, 409 when someone
 * decided first or it expired) shows in the dialog.
 *
 * @public
 */
export function useDecision<T>(options: UseDecisionOptions<T>) {
  const { decide, describe, noun, idPrefix, maxReasonLength } = options;
  const { confirmLabels, onDecided, onChanged } = options;
  const renderError =
    options.renderError ??
    ((title: string, error: Error) => (
      <ErrorNotice title={title} error={error} />
    ));
  const [decision, setDecision] = useState<{ kind: DecisionKind; item: T }>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const open = useCallback((kind: DecisionKind, item: T) => {
    setError(undefined);
    setReason('');
    setDecision({ kind, item });
  }, []);
  const approve = useCallback((item: T) => open('approve', item), [open]);
  const refuse = useCallback((item: T) => open('refuse', item), [open]);

  const close = () => {
    if (!busy) {
      setDecision(undefined);
      setError(undefined);
    }
  };

  const trimmed = reason.trim();
  const reasonError =
    trimmed.length > maxReasonLength
      ? `At most ${maxReasonLength} characters`
      : undefined;
  const approving = decision?.kind === 'approve';
  const ready = approving || (trimmed.length > 0 && !reasonError);

  const confirm = async () => {
    if (!decision || busy || !ready) return;
    setBusy(true);
    setError(undefined);
    try {
      const decided = await decide(
        decision.kind,
        decision.item,
        approving ? '' : trimmed,
      );
      setDecision(undefined);
      onDecided?.(decided);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const titleId = `${idPrefix}-decide-title`;
  const dialog: ReactNode = (
    <Dialog
      open={Boolean(decision)}
      onClose={close}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      {decision && (
        <>
          <DialogTitle id={titleId}>
            {approving ? `Approve this ${noun}?` : `Refuse this ${noun}?`}
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              {describe(decision.item, approving)}
            </DialogContentText>
            {!approving && (
              <TextField
                id={`${idPrefix}-refuse-reason`}
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
                {renderError(
                  approving
                    ? `Could not approve the ${noun}`
                    : `Could not refuse the ${noun}`,
                  error,
                )}
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
                {approving
                  ? confirmLabels?.approve ?? 'Approve'
                  : confirmLabels?.refuse ?? 'Refuse'}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { approve, refuse, dialog, busy };
}
