import { useCallback, useEffect, useRef, useState } from 'react';

/** How often something still changing (a running job) is read again. @public */
export const POLL_INTERVAL_MS = 2000;

/** @public */
export type UsePollingOptions<T> = {
  /**
   * Polls on only while the last answer may still change (a job still
   * running); without it, polls on for as long as the component shows.
   */
  shouldPoll?: (value: T) => boolean;
  /** Default {@link POLL_INTERVAL_MS}. */
  intervalMs?: number;
  /**
   * Stops while the browser tab is hidden; showing it again loads at once
   * and polls on.
   */
  pauseWhileHidden?: boolean;
};

/** @public */
export type PollingResult<T> = {
  value?: T;
  error?: Error;
  loading: boolean;
  /** Loads now (and polls on from there), keeping what is shown meanwhile. */
  reload: () => void;
};

type PollingState<T> = {
  /** What `value` was loaded for; a new key does not show an old value. */
  key?: string;
  value?: T;
  error?: Error;
  loading: boolean;
};

function pageVisible(): boolean {
  return (
    typeof document === 'undefined' || document.visibilityState !== 'hidden'
  );
}

/**
 * Loads something and loads it again every `intervalMs`. The next load is
 * only scheduled once the previous one answered, so a slow backend is never
 * asked twice at once. A new `key` starts over; `undefined` loads nothing.
 *
 * A failed reload keeps the last value (and its polling) and reports the
 * error, so a blip does not blank a progress bar.
 *
 * @public
 */
export function usePolling<T>(
  key: string | undefined,
  load: () => Promise<T>,
  options: UsePollingOptions<T> = {},
): PollingResult<T> {
  const { intervalMs = POLL_INTERVAL_MS, pauseWhileHidden = false } = options;
  const [state, setState] = useState<PollingState<T>>({
    loading: key !== undefined,
  });
  const [reloads, setReloads] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const shouldPollRef = useRef(options.shouldPoll);
  shouldPollRef.current = options.shouldPoll;
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    if (key === undefined) {
      setState({ loading: false });
      return undefined;
    }
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last =
      stateRef.current.key === key ? stateRef.current.value : undefined;

    const pollsOn = () => {
      const shouldPoll = shouldPollRef.current;
      if (!shouldPoll) return true;
      return last !== undefined && shouldPoll(last);
    };
    const schedule = () => {
      clearTimeout(timer);
      if (stopped || (pauseWhileHidden && !pageVisible())) return;
      if (pollsOn()) {
        timer = setTimeout(run, intervalMs);
      }
    };
    function run() {
      if (inFlight) return;
      inFlight = true;
      loadRef.current().then(
        value => {
          inFlight = false;
          if (stopped) return;
          last = value;
          setState({ key, value, loading: false });
          schedule();
        },
        error => {
          inFlight = false;
          if (stopped) return;
          setState({ key, value: last, error, loading: false });
          schedule();
        },
      );
    }
    const onVisibilityChange = () => {
      if (stopped) return;
      clearTimeout(timer);
      if (pageVisible()) run();
    };

    if (pauseWhileHidden) {
      document.addEventListener('visibilitychange', onVisibilityChange);
    }
    setState(s => ({
      key,
      value: s.key === key ? s.value : undefined,
      error: s.key === key ? s.error : undefined,
      loading: true,
    }));
    run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (pauseWhileHidden) {
        document.removeEventListener('visibilitychange', onVisibilityChange);
      }
    };
  }, [key, reloads, intervalMs, pauseWhileHidden]);

  const reload = useCallback(() => setReloads(n => n + 1), []);

  const current = state.key === key;
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: key !== undefined && (!current || state.loading),
    reload,
  };
}
