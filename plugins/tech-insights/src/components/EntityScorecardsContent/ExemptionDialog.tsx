import { FormEvent, useEffect, useState } from 'react';
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
import { ErrorNotice } from '@internal/backstage-plugin-portal-react';
import { Exemption, scorecardsApiRef } from '../../api';
import { toDateInput } from '../../lib/format';
import {
  MIN_JUSTIFICATION,
  expiryInstant,
  latestExpiry,
  validateExemption,
} from '../../lib/scorecards';

/** The check an exemption is asked for. */
export type ExemptionTarget = { checkId: string; checkName: string };

/**
 * "Exempt from <check>": a justification (at least 10 characters) and an
 * expiry date (after today, at most a year ahead). Input errors show under
 * their field and nothing is sent; the backend's refusal shows in the dialog.
 */
export function ExemptionDialog(props: {
  entityRef: string;
  target: ExemptionTarget | undefined;
  onClose: () => void;
  onCreated: (exemption: Exemption) => void;
}) {
  const { entityRef, target, onClose, onCreated } = props;
  const api = useApi(scorecardsApiRef);
  const [justification, setJustification] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  // Each opening starts with an empty form.
  useEffect(() => {
    setJustification('');
    setExpiresOn('');
    setAttempted(false);
    setError(undefined);
  }, [target]);

  const errors = validateExemption({ justification, expiresOn });
  const shown = attempted ? errors : {};
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  const close = () => {
    if (!busy) onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target || busy) return;
    setAttempted(true);
    setError(undefined);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      const exemption = await api.createExemption({
        entityRef,
        checkId: target.checkId,
        justification: justification.trim(),
        expiresAt: expiryInstant(expiresOn),
      });
      setBusy(false);
      onCreated(exemption);
    } catch (e) {
      setBusy(false);
      setError(e as Error);
    }
  };

  return (
    <Dialog
      open={Boolean(target)}
      onClose={close}
      aria-labelledby="tech-insights-exemption-title"
      fullWidth
      maxWidth="sm"
    >
      {target && (
        <form onSubmit={submit} noValidate data-testid="exemption-form">
          <DialogTitle id="tech-insights-exemption-title">
            Exempt from “{target.checkName}”
          </DialogTitle>
          <DialogContent>
            <DialogContentText>
              While the exemption lasts the check counts as passing for this
              component. Say why it does not apply or when it will be fixed.
            </DialogContentText>
            <TextField
              id="tech-insights-exemption-justification"
              label="Justification"
              required
              multiline
              minRows={3}
              fullWidth
              margin="normal"
              variant="outlined"
              value={justification}
              onChange={e => setJustification(e.target.value)}
              error={Boolean(shown.justification)}
              helperText={
                shown.justification ??
                `At least ${MIN_JUSTIFICATION} characters`
              }
              disabled={busy}
            />
            <TextField
              id="tech-insights-exemption-expiry"
              label="Expires on"
              type="date"
              required
              fullWidth
              margin="normal"
              variant="outlined"
              InputLabelProps={{ shrink: true }}
              inputProps={{
                min: toDateInput(tomorrow),
                max: toDateInput(latestExpiry()),
              }}
              value={expiresOn}
              onChange={e => setExpiresOn(e.target.value)}
              error={Boolean(shown.expiresOn)}
              helperText={
                shown.expiresOn ?? 'In the future, at most a year ahead'
              }
              disabled={busy}
            />
            {error && (
              <Box mt={1}>
                <ErrorNotice
                  title="Could not create the exemption"
                  error={error}
                  data-testid="exemption-error"
                />
              </Box>
            )}
          </DialogContent>
          {busy && <LinearProgress aria-label="Creating the exemption" />}
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={busy}
            >
              {busy ? 'Creating…' : 'Create exemption'}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
