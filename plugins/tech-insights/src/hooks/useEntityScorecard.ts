import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { statusOf } from '@internal/backstage-plugin-portal-react';
import type { RerunResult, ScorecardTrack } from '../api';
import { scorecardsApiRef } from '../api';

/**
 * A component's scorecard with the tracks, its level history and its
 * exemptions, and "Re-run checks": a re-run's answer replaces what was read,
 * until the next read.
 */
export function useEntityScorecard(entityRef: string) {
  const api = useApi(scorecardsApiRef);

  const tracks = useAsyncRetry(() => api.listTracks(), [api]);
  const scorecard = useAsyncRetry(
    () => api.getEntityScorecard(entityRef),
    [api, entityRef],
  );
  const history = useAsyncRetry(
    () => api.getEntityHistory(entityRef),
    [api, entityRef],
  );
  const exemptions = useAsyncRetry(
    () => api.listExemptions(entityRef),
    [api, entityRef],
  );

  const [rerun, setRerun] = useState<RerunResult>();
  const [running, setRunning] = useState(false);
  const [rerunError, setRerunError] = useState<Error>();

  const runChecks = async () => {
    if (running) return;
    setRunning(true);
    setRerunError(undefined);
    try {
      setRerun(await api.rerunEntity(entityRef));
      history.retry();
    } catch (e) {
      setRerunError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  /** After an exemption changed: read everything again. */
  const reload = () => {
    setRerun(undefined);
    scorecard.retry();
    exemptions.retry();
    history.retry();
  };

  const trackList: ScorecardTrack[] = tracks.value ?? [];
  return {
    tracks,
    trackList,
    scorecard,
    history,
    exemptions,
    /** The re-run's answer, else the scorecard read. */
    current: rerun ?? scorecard.value,
    /** The component has no results yet (and was not re-run). */
    notKnown: !rerun && statusOf(scorecard.error) === 404,
    rerun,
    running,
    rerunError,
    dismissRerunError: () => setRerunError(undefined),
    runChecks,
    reload,
  };
}

/** What {@link useEntityScorecard} reads and offers. */
export type EntityScorecardState = ReturnType<typeof useEntityScorecard>;
