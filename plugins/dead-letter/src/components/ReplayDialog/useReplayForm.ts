import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  deadLetterApiRef,
  DeadLetterApproval,
  ReplayJob,
  ReplayTarget,
} from '../../api';
import { useReplayTargets } from '../../hooks/useReplayTargets';
import { parseRate } from '../../lib/replay';
import {
  destinations,
  offeredKind,
  offeredTargets,
  ReplaySelection,
  replayedPart,
  selectionBlocker,
  TargetKind,
  toCreateReplayRequest,
} from '../../lib/replaySelection';

export type ReplayFormProps = {
  selection: ReplaySelection;
  onClose: () => void;
  onCreated: (job: ReplayJob) => void;
  onSentForApproval: (approval: DeadLetterApproval) => void;
};

/**
 * The replay dialog's state: the chosen destination and rate, what is
 * offered and what blocks the replay, and `submit`, which starts it (or
 * keeps the backend's refusal in `error`).
 */
export function useReplayForm(props: ReplayFormProps) {
  const { selection, onClose, onCreated, onSentForApproval } = props;
  const api = useApi(deadLetterApiRef);
  const [targetKind, setTargetKind] = useState<TargetKind>('original');
  const [queue, setQueue] = useState('');
  const [queueTouched, setQueueTouched] = useState(false);
  const [rateText, setRateText] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const { unresolved, skipped, environments, replayed } =
    replayedPart(selection);
  const { original, source } = destinations(replayed);

  // Only destinations the backend allows are offered; it decides again.
  const allowed = useReplayTargets(
    environments.length === 1 ? environments[0] : undefined,
  );
  const { anyQueue, ownQueues, refusedSource, offered } = offeredTargets(
    allowed.targets,
    replayed,
  );
  const kind = offeredKind(targetKind, offered);
  const chosenQueue =
    anyQueue || !allowed.targets ? queue : queue || ownQueues[0]?.queue || '';
  const blocker = selectionBlocker(selection, unresolved, environments);
  const queueError =
    kind === 'queue' && !chosenQueue.trim() && (attempted || queueTouched)
      ? 'Name the queue to publish to'
      : undefined;
  const rate = parseRate(rateText);

  const submit = async () => {
    setAttempted(true);
    if (busy || blocker || !kind) return;
    if ((kind === 'queue' && !chosenQueue.trim()) || rate.error) return;
    const target: ReplayTarget =
      kind === 'queue'
        ? { kind: 'queue', queue: chosenQueue.trim() }
        : { kind };
    const request = toCreateReplayRequest(
      selection,
      unresolved,
      target,
      rate.rate,
    );
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.createReplay(request);
      if (result.approval) onSentForApproval(result.approval);
      else onCreated(result.job);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  const close = () => {
    if (!busy) onClose();
  };

  return {
    unresolved,
    skipped,
    environments,
    original,
    source,
    allowed,
    anyQueue,
    ownQueues,
    refusedSource,
    offered,
    kind,
    setTargetKind,
    queue,
    setQueue,
    chosenQueue,
    setQueueTouched,
    queueError,
    rateText,
    setRateText,
    rate,
    blocker,
    busy,
    error,
    submit,
    close,
  };
}

export type ReplayForm = ReturnType<typeof useReplayForm>;
