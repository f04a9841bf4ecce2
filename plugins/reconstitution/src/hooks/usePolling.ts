import { useCallback, useEffect, useRef, useState } from 'react';

/** How often pending and running jobs are read again. */
export const POLL_INTERVAL_MS = 2000;

type PollingState<T> = {
  /** What `value` was loaded for; a new key does not show an old value. */
  key?: string;
  value?: T;
  error?: Error;
  loading: boolean;
};

/**
 * Loads something and loads it again every `intervalMs` for as long as
 * `shouldPoll` says the last answer may still change (a job still running).
 * The next load is only scheduled once the previous one answered, so a slow
 * backend is never asked twice at once. A new `key` starts over;
 * `undefined` loads nothing.
 *
 * A failed reload keeps the last value (and its polling) and reports the
 * error, so a blip does not blank a progress bar.
 */
export function usePolling<T>(
  key: string | undefined,
  load: () => Promise<T>,
  shouldPoll: (value: T) => boolean,
  intervalMs: number = POLL_INTERVAL_MS,
) {
  const [state, setState] = useState<PollingState<T>>({
    loading: key !== undefined,
  });
  const [reloads, setReloads] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const shouldPollRef = useRef(shouldPoll);
  shouldPollRef.current = shouldPoll;
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    if (key === undefined) {
      setState({ loading: false });
      return undefined;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last =
      stateRef.current.key === key ? stateRef.current.value : undefined;

    const schedule = () => {
      if (last !== undefined && shouldPollRef.current(last)) {
        timer = setTimeout(run, intervalMs);
      }
    };
    function run() {
      loadRef.current().then(
        value => {
          if (stopped) return;
          last = value;
          setState({ key, value, loading: false });
          schedule();
        },
        error => {
          if (stopped) return;
          setState({ key, value: last, error, loading: false });
          schedule();
        },
      );
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
    };
  }, [key, reloads, intervalMs]);

  /** Loads now (and polls on from there), keeping what is shown meanwhile. */
  const reload = useCallback(() => setReloads(n => n + 1), []);

  const current = state.key === key;
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: key !== undefined && (!current || state.loading),
    reload,
  };
}
