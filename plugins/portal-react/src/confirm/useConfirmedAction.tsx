import { ReactNode, useCallback, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import { ErrorNotice } from '../errors/ErrorNotice';

/** @public */
export type UseConfirmedActionOptions<T> = {
  /** Does it, once confirmed. */
  act: (item: T) => Promise<unknown>;
  /** The dialog's title: 'Cancel this job?'. */
  title: string;
  /** The dialog's text: what doing it does to this item. */
  describe: (item: T) => ReactNode;
  /** The title's element id (the dialog is labelled by it). */
  titleId: string;
  /** Title of the error shown in the dialog: 'Could not cancel the job'. */
  errorTitle: string;
  labels: {
    /** The confirm button: 'Cancel job'. */
    confirm: string;
    /** The confirm button while it runs: 'Cancelling…'. */
    busy: string;
    /** The button that closes without doing it (default 'Back'). */
    keep?: string;
    /** The progress bar's label (default `busy`). */
    progress?: string;
  };
  /** Runs after any attempt, since the item may have moved on either way. */
  onChanged?: () => void;
};

/**
 * Doing something to an item after confirmation, e.g. cancelling a job. A
 * refusal of the backend (403, or 409 when the item moved on meanwhile)
 * shows in the dialog, which then only closes.
 *
 * @public
 */
export function useConfirmedAction<T>(options: UseConfirmedActionOptions<T>) {
  const { act, title, describe, titleId, errorTitle, labels, onChanged } =
    options;
  const [item, setItem] = useState<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const request = useCallback((next: T) => {
    setError(undefined);
    setItem(next);
  }, []);

  const close = () => {
    if (!busy) {
      setItem(undefined);
      setError(undefined);
    }
  };

  const confirm = async () => {
    if (item === undefined || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await act(item);
      setItem(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
      onChanged?.();
    }
  };

  const dialog: ReactNode = (
    <Dialog open={item !== undefined} onClose={close} aria-labelledby={titleId}>
      {item !== undefined && (
        <>
          <DialogTitle id={titleId}>{title}</DialogTitle>
          <DialogContent>
            <DialogContentText>{describe(item)}</DialogContentText>
            {error && (
              <Box mt={1}>
                <ErrorNotice title={errorTitle} error={error} />
              </Box>
            )}
          </DialogContent>
          {busy && (
            <LinearProgress aria-label={labels.progress ?? labels.busy} />
          )}
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              {error ? 'Close' : labels.keep ?? 'Back'}
            </Button>
            {!error && (
              <Button
                color="secondary"
                variant="contained"
                onClick={confirm}
                disabled={busy}
              >
                {busy ? labels.busy : labels.confirm}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );

  return { request, dialog, busy };
}
