import { ReactNode, useCallback, useRef, useState } from 'react';
import type { DeadLetterApproval, ReplayJob } from '../../api';
import { ApprovalSentNotice } from '../ApprovalSentNotice';
import { ReplayDialog, ReplaySelection } from './ReplayDialog';
import { ReplayStartedNotice } from './ReplayStartedNotice';

/**
 * Replay from anywhere: `request` opens the dialog for a selection; once
 * the job is created, `notice` follows it to the end (or, for a replay held
 * for a second person's approval, says so). Render `dialog` once
 * and `notice` where the person is looking. `onChanged` runs when the job
 * starts and when it ends (the messages' states change both times).
 */
export function useReplay(options: { onChanged?: () => void } = {}) {
  const { onChanged } = options;
  const [selection, setSelection] = useState<ReplaySelection>();
  const [opened, setOpened] = useState(0);
  const [started, setStarted] = useState<ReplayJob>();
  const [held, setHeld] = useState<DeadLetterApproval>();
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  const request = useCallback((next: ReplaySelection) => {
    setSelection(next);
    // A fresh dialog (empty form) each time.
    setOpened(n => n + 1);
  }, []);

  const dialog: ReactNode = selection ? (
    <ReplayDialog
      key={opened}
      selection={selection}
      onClose={() => setSelection(undefined)}
      onCreated={job => {
        setSelection(undefined);
        setHeld(undefined);
        setStarted(job);
        onChangedRef.current?.();
      }}
      onSentForApproval={approval => {
        setSelection(undefined);
        setStarted(undefined);
        setHeld(approval);
      }}
    />
  ) : null;

  let notice: ReactNode = null;
  if (started) {
    notice = (
      <ReplayStartedNotice
        key={started.id}
        job={started}
        onDismiss={() => setStarted(undefined)}
        onEnded={() => onChangedRef.current?.()}
      />
    );
  } else if (held) {
    notice = (
      <ApprovalSentNotice
        key={held.id}
        approval={held}
        onDismiss={() => setHeld(undefined)}
      />
    );
  }

  return { request, dialog, notice };
}
