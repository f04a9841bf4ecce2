import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import {
  ErrorNotice,
  formatDate,
} from '@internal/backstage-plugin-portal-react';
import { Exemption, scorecardsApiRef } from '../../api';

/** Revoking an exemption, after confirmation; a refusal shows in the dialog. */
export function RevokeDialog(props: {
  target: { exemption: Exemption; checkName: string } | undefined;
  onClose: () => void;
  onRevoked: (exemption: Exemption) => void;
}) {
  const { target, onClose, onRevoked } = props;
  const api = useApi(scorecardsApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const close = () => {
    if (busy) return;
    setError(undefined);
    onClose();
  };

  const confirm = async () => {
    if (!target || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const revoked = await api.revokeExemption(target.exemption.id);
      setBusy(false);
      onRevoked(revoked);
    } catch (e) {
      setBusy(false);
      setError(e as Error);
    }
  };

  return (
    <Dialog
      open={Boolean(target)}
      onClose={close}
      aria-labelledby="tech-insights-revoke-title"
    >
      {target && (
        <>
          <DialogTitle id="tech-insights-revoke-title">
            Revoke the exemption from “{target.checkName}”?
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              It was granted by {target.exemption.createdBy} until{' '}
              {formatDate(target.exemption.expiresAt)}. Once revoked the check
              counts with its own result again.
            </DialogContentText>
            {error && (
              <Box mt={1}>
                <ErrorNotice
                  title="Could not revoke the exemption"
                  error={error}
                />
              </Box>
            )}
          </DialogContent>
          {busy && <LinearProgress aria-label="Revoking the exemption" />}
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button
              color="secondary"
              variant="contained"
              onClick={confirm}
              disabled={busy}
            >
              {busy ? 'Revoking…' : 'Revoke'}
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
