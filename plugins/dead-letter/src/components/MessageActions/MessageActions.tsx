import { ReactNode, useCallback, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Snackbar from '@material-ui/core/Snackbar';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import RestoreIcon from '@material-ui/icons/Restore';
import Alert from '@material-ui/lab/Alert';
import { ErrorNotice, plural } from '@internal/backstage-plugin-portal-react';
import {
  deadLetterApiRef,
  DeadLetterApproval,
  MessageActionResult,
} from '../../api';
import { ApprovalSentNotice } from '../ApprovalSentNotice';

/** What can be done to dead letters from the list and the details. */
export type MessageAction = 'discard' | 'restore';

/** What an action needs to know about a message. */
export type ActionableMessage = Pick<
  DeadLetterSummary,
  'id' | 'environment' | 'state'
>;

const ACTIONS = {
  discard: {
    from: 'unresolved',
    label: 'Discard',
    busyLabel: 'Discarding…',
    past: 'discarded',
    consequence: (one: boolean) =>
      one
        ? 'It stays stored and can be restored.'
        : 'They stay stored and can be restored.',
  },
  restore: {
    from: 'discarded',
    label: 'Restore',
    busyLabel: 'Restoring…',
    past: 'restored',
    consequence: (one: boolean) =>
      one ? 'It becomes unresolved again.' : 'They become unresolved again.',
  },
} as const;

function listWords(words: string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `Discard 3 messages in prod? They stay stored and can be restored.` */
export function confirmationText(
  action: MessageAction,
  messages: ActionableMessage[],
): string {
  const spec = ACTIONS[action];
  const environments = [...new Set(messages.map(m => m.environment))].sort();
  return `${spec.label} ${plural(messages.length, 'message')} in ${listWords(
    environments,
  )}? ${spec.consequence(messages.length === 1)}`;
}

/** `3 discarded`, and how many were left as they were. */
export function resultText(
  action: MessageAction,
  result: MessageActionResult,
): string {
  const spec = ACTIONS[action];
  const text = `${result.affected.toLocaleString()} ${spec.past}`;
  const skipped = result.requested - result.affected;
  if (skipped <= 0) {
    return text;
  }
  return `${text}; ${skipped.toLocaleString()} ${
    skipped === 1 ? 'was' : 'were'
  } no longer ${spec.from} and left as ${
    skipped === 1 ? 'it was' : 'they were'
  }`;
}

type Pending = {
  action: MessageAction;
  messages: ActionableMessage[];
  /** Selected messages not in the state the action changes. */
  skipped: number;
};

type Feedback =
  | { kind: 'success'; text: string }
  | { kind: 'approval'; approval: DeadLetterApproval }
  | { kind: 'error'; action: MessageAction; error: Error };

/**
 * Discard and restore with a confirmation dialog. Shows only what the API
 * answered: the number it changed, its error (and then nothing changed), or
 * the request it recorded for a second person's approval (four eyes on
 * large production discards; nothing changed yet either).
 *
 * Render `dialog` once and `notice` where the person is looking; the buttons
 * call `request`.
 */
export function useMessageActions(options: { onChanged?: () => void } = {}) {
  const { onChanged } = options;
  const api = useApi(deadLetterApiRef);
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>();

  const request = useCallback(
    (action: MessageAction, selected: ActionableMessage[]) => {
      const messages = selected.filter(m => m.state === ACTIONS[action].from);
      if (messages.length === 0) {
        return;
      }
      setFeedback(undefined);
      setPending({
        action,
        messages,
        skipped: selected.length - messages.length,
      });
    },
    [],
  );

  const cancel = () => {
    if (!busy) {
      setPending(undefined);
    }
  };

  const confirm = async () => {
    if (!pending || busy) {
      return;
    }
    const { action, messages } = pending;
    setBusy(true);
    try {
      const ids = messages.map(m => m.id);
      const result =
        action === 'discard' ? await api.discard(ids) : await api.restore(ids);
      if (result.approval) {
        setFeedback({ kind: 'approval', approval: result.approval });
      } else {
        setFeedback({ kind: 'success', text: resultText(action, result) });
        onChanged?.();
      }
    } catch (error) {
      setFeedback({ kind: 'error', action, error: error as Error });
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  const spec = pending ? ACTIONS[pending.action] : undefined;
  const dialog: ReactNode = (
    <>
      <Dialog
        open={Boolean(pending)}
        onClose={cancel}
        aria-labelledby="dead-letter-action-title"
        aria-describedby="dead-letter-action-text"
      >
        {pending && spec && (
          <>
            <DialogTitle id="dead-letter-action-title">
              {spec.label} {plural(pending.messages.length, 'message')}
            </DialogTitle>
            <DialogContent>
              <DialogContentText id="dead-letter-action-text">
                {confirmationText(pending.action, pending.messages)}
              </DialogContentText>
              {pending.skipped > 0 && (
                <DialogContentText>
                  {plural(pending.skipped, 'selected message')} not {spec.from}{' '}
                  {pending.skipped === 1 ? 'is' : 'are'} left as{' '}
                  {pending.skipped === 1 ? 'it is' : 'they are'}.
                </DialogContentText>
              )}
            </DialogContent>
            {busy && <LinearProgress aria-label={spec.busyLabel} />}
            <DialogActions>
              <Button onClick={cancel} disabled={busy}>
                Cancel
              </Button>
              <Button
                color="primary"
                variant="contained"
                onClick={confirm}
                disabled={busy}
              >
                {busy ? spec.busyLabel : spec.label}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
      <Snackbar
        open={feedback?.kind === 'success'}
        autoHideDuration={6000}
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') setFeedback(undefined);
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity="success"
          variant="filled"
          onClose={() => setFeedback(undefined)}
        >
          {feedback?.kind === 'success' ? feedback.text : ''}
        </Alert>
      </Snackbar>
    </>
  );

  let notice: ReactNode = null;
  if (feedback?.kind === 'error') {
    notice = (
      <ErrorNotice
        title={`Could not ${feedback.action} the messages; nothing was changed`}
        error={feedback.error}
        onDismiss={() => setFeedback(undefined)}
      />
    );
  } else if (feedback?.kind === 'approval') {
    notice = (
      <ApprovalSentNotice
        approval={feedback.approval}
        onDismiss={() => setFeedback(undefined)}
      />
    );
  }

  return { request, busy, dialog, notice };
}

/** "Discard" and "Restore" for the given messages. */
export function MessageActionButtons(props: {
  messages: ActionableMessage[];
  busy?: boolean;
  onAction: (action: MessageAction, messages: ActionableMessage[]) => void;
}) {
  const { messages, busy, onAction } = props;
  const unresolved = messages.some(m => m.state === 'unresolved');
  const discarded = messages.some(m => m.state === 'discarded');
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<DeleteOutlineIcon />}
        disabled={busy || !unresolved}
        onClick={() => onAction('discard', messages)}
      >
        Discard
      </Button>
      <Button
        size="small"
        variant="outlined"
        startIcon={<RestoreIcon />}
        disabled={busy || !discarded}
        onClick={() => onAction('restore', messages)}
      >
        Restore
      </Button>
    </>
  );
}
