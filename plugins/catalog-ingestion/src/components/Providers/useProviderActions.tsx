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
import Snackbar from '@material-ui/core/Snackbar';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  ErrorNotice,
  formatRelative,
  plural,
} from '@internal/backstage-plugin-portal-react';
import { CatalogIngestionApi, catalogIngestionApiRef } from '../../api';
import type { CycleProgress, ProviderState } from '../../lib/state';

/** What can be done to a provider. */
export type ProviderAction = 'trigger' | 'pause' | 'resume' | 'reset';

/** The buttons' text (their accessible names add the provider's name). */
export const ACTION_LABELS: Record<ProviderAction, string> = {
  trigger: 'Trigger',
  pause: 'Pause',
  resume: 'Resume',
  reset: 'Reset',
};

const BUSY_LABELS: Record<ProviderAction, string> = {
  trigger: 'Triggering…',
  pause: 'Pausing…',
  resume: 'Resuming…',
  reset: 'Resetting…',
};

const VERBS: Record<ProviderAction, string> = {
  trigger: 'trigger',
  pause: 'pause',
  resume: 'resume',
  reset: 'reset',
};

/** A provider an action was asked for, with what the page knows of it. */
export type ActionTarget = {
  action: ProviderAction;
  provider: string;
  state?: ProviderState;
  progress?: CycleProgress;
  nextActionAt?: string;
  /** Entities it holds in the catalog, when counted. */
  entities?: number;
};

const FORBIDDEN_HINT =
  'Managing ingestion needs the catalog.ingestion.manage permission, which the portal’s policy gives to the platform team only.';

function when(nextActionAt: string | undefined): string {
  return nextActionAt ? formatRelative(nextActionAt) : 'later';
}

/** What confirming will do, in the provider's current state. */
export function describeAction(target: ActionTarget): string[] {
  const { action, provider, state, progress, nextActionAt } = target;
  const kind = state?.kind;
  const pages =
    progress && progress.pages > 0
      ? ` (${plural(progress.pages, 'page')})`
      : '';
  switch (action) {
    case 'trigger':
      switch (kind) {
        case 'resting':
          return [
            `Ends its rest now instead of ${when(
              nextActionAt,
            )}: the next cycle starts from the first page at the engine’s next run.`,
          ];
        case 'backing-off':
          return [
            `Ends the backoff: the engine retries the failed burst at its next run instead of ${when(
              nextActionAt,
            )}.`,
          ];
        case 'paused':
          return [
            'Makes its next action due now. That ends the rest of a provider that was reset, but a paused provider only starts again with Resume.',
          ];
        case 'bursting':
        case 'between-bursts':
        case 'restarting':
        case 'waiting-to-start':
          return [
            `It is ${state?.label.toLowerCase()}: the engine is not waiting for a time now, so Trigger changes nothing. It ends a rest or a backoff early.`,
          ];
        default:
          return ['Makes its next action due now.'];
      }
    case 'pause':
      if (kind === 'waiting-to-start' || kind === 'restarting') {
        return [
          'It is between two cycles: the backend cannot pause it until the next cycle has started.',
        ];
      }
      return [
        kind === 'resting' || kind === 'paused'
          ? `${provider} is not running a cycle now; pausing keeps it from starting the next one.`
          : `Stops the current cycle of ${provider}${pages} before its end.`,
        'Entities already in the catalog stay there. The provider does not start again by itself (the backend lists a next action in 24 hours, but the engine waits for Resume); Resume starts a new cycle from the first page.',
      ];
    case 'resume':
      switch (kind) {
        case 'bursting':
        case 'between-bursts':
        case 'backing-off':
          return [
            `A cycle is under way${pages}. Resume ends it and starts a new cycle from the first page, so the pages read so far are read again.`,
            'Entities stay in the catalog meanwhile.',
          ];
        case 'waiting-to-start':
        case 'restarting':
          return [
            'A new cycle is about to start already; Resume changes nothing.',
          ];
        default:
          return [
            'Starts the next cycle now, from the first page, at the engine’s next run.',
          ];
      }
    case 'reset':
    default:
      return [
        `Deletes everything the ingestion engine stored about ${provider}: its ingestion records, the pages of the current cycle${pages} and its list of the entities it ingested. This cannot be undone.`,
        `${
          target.entities !== undefined
            ? `Its ${plural(target.entities, 'entity', 'entities')} ${
                target.entities === 1 ? 'stays' : 'stay'
              }`
            : 'Its entities stay'
        } in the catalog: the backend does not remove them, and the next cycles add and update what the source still has. But the engine forgets that it ingested them, so entities whose source is gone before the next cycle reads it are never removed automatically.`,
        'The provider then rests for 24 hours before it starts a new cycle from the first page; Resume starts it right away.',
      ];
  }
}

type Feedback = { severity: 'success' | 'info'; text: string };

async function perform(
  api: CatalogIngestionApi,
  target: ActionTarget,
): Promise<Feedback> {
  const { action, provider } = target;
  if (action === 'reset') {
    const result = await api.resetProvider(provider);
    return {
      severity: 'success',
      text: `${provider} reset: deleted ${plural(
        result.ingestionsDeleted,
        'ingestion record',
      )}, ${plural(result.marksDeleted, 'page')} and ${plural(
        result.markEntitiesDeleted,
        'entity record',
      )}. It rests for 24 hours; Resume starts it now.`,
    };
  }
  const call = {
    trigger: () => api.triggerNextAction(provider),
    pause: () => api.cancelIngestion(provider),
    resume: () => api.startNextCycle(provider),
  }[action];
  const { message } = await call();
  // Each real change answers "<provider>: ..."; the other answers say that
  // nothing happened ("Unable to trigger next action (provider is
  // restarting)").
  return {
    severity: message.startsWith(`${provider}:`) ? 'success' : 'info',
    text: message,
  };
}

/**
 * Trigger, Pause, Resume and Reset of a provider, each after a confirmation
 * that says what it will do in the provider's state; Reset asks for the
 * provider's name to be typed. A refusal or failure shows in the dialog with
 * the backend's message; success shows in a snackbar with the backend's
 * answer. `onDone` runs after every attempt, since something may have
 * changed either way.
 */
export function useProviderActions(options: { onDone?: () => void } = {}) {
  const { onDone } = options;
  const api = useApi(catalogIngestionApiRef);
  const [target, setTarget] = useState<ActionTarget>();
  const [busy, setBusy] = useState<ActionTarget>();
  const [error, setError] = useState<Error>();
  const [typed, setTyped] = useState('');
  const [feedback, setFeedback] = useState<Feedback>();

  const request = useCallback((next: ActionTarget) => {
    setError(undefined);
    setTyped('');
    setTarget(next);
  }, []);

  const close = () => {
    if (!busy) {
      setTarget(undefined);
      setError(undefined);
    }
  };

  const confirmed =
    target !== undefined &&
    (target.action !== 'reset' || typed.trim() === target.provider);

  const confirm = async () => {
    if (!target || busy || !confirmed) return;
    setBusy(target);
    setError(undefined);
    try {
      const result = await perform(api, target);
      setTarget(undefined);
      setFeedback(result);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
      onDone?.();
    }
  };

  const titleId = 'catalog-ingestion-action-title';
  const label = target && ACTION_LABELS[target.action];
  const dialog: ReactNode = (
    <>
      <Dialog
        open={Boolean(target)}
        onClose={close}
        aria-labelledby={titleId}
        maxWidth="sm"
        fullWidth
      >
        {target && label && (
          <form
            onSubmit={event => {
              event.preventDefault();
              confirm();
            }}
          >
            <DialogTitle id={titleId}>
              {`${label} ${target.provider}?`}
            </DialogTitle>
            <DialogContent>
              {describeAction(target).map(text => (
                <DialogContentText key={text}>{text}</DialogContentText>
              ))}
              {target.action === 'reset' && (
                <TextField
                  id="catalog-ingestion-reset-confirm"
                  fullWidth
                  variant="outlined"
                  size="small"
                  label={`Type ${target.provider} to confirm`}
                  value={typed}
                  onChange={event => setTyped(event.target.value)}
                  disabled={Boolean(busy)}
                  inputProps={{ autoComplete: 'off', spellCheck: false }}
                />
              )}
              {error && (
                <Box mt={2}>
                  <ErrorNotice
                    title={`Could not ${VERBS[target.action]} ${
                      target.provider
                    }`}
                    error={error}
                    forbiddenHint={FORBIDDEN_HINT}
                  />
                </Box>
              )}
            </DialogContent>
            {busy && <LinearProgress aria-label={BUSY_LABELS[busy.action]} />}
            <DialogActions>
              <Button onClick={close} disabled={Boolean(busy)}>
                {error ? 'Close' : 'Cancel'}
              </Button>
              <Button
                type="submit"
                color={target.action === 'reset' ? 'secondary' : 'primary'}
                variant="contained"
                disabled={Boolean(busy) || !confirmed}
              >
                {busy ? BUSY_LABELS[busy.action] : label}
              </Button>
            </DialogActions>
          </form>
        )}
      </Dialog>
      <Snackbar
        open={Boolean(feedback)}
        autoHideDuration={8000}
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') setFeedback(undefined);
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity={feedback?.severity ?? 'success'}
          variant="filled"
          role="status"
          onClose={() => setFeedback(undefined)}
        >
          {feedback?.text ?? ''}
        </Alert>
      </Snackbar>
    </>
  );

  return { request, busy, dialog };
}
