import { useCallback, useEffect, useRef, useState } from 'react';

/** How often the providers are read again while the page is visible. */
export const POLL_INTERVAL_MS = 5000;

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
 * Loads something and loads it again every `intervalMs` while the browser
 * tab is visible. The next load is only scheduled once the previous one
 * answered, so a slow backend is never asked twice at once. A hidden tab
 * stops polling; showing it again loads at once and polls on. A new `key`
 * starts over; `undefined` loads nothing.
 *
 * A failed reload keeps the last value and reports the error, so a blip
 * does not blank the page.
 */
export function usePolling<T>(
  key: string | undefined,
  load: () => Promise<T>,
  intervalMs: number = POLL_INTERVAL_MS,
) {
  const [state, setState] = useState<PollingState<T>>({
    loading: key !== undefined,
  });
  const [reloads, setReloads] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
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

    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && pageVisible()) {
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

    document.addEventListener('visibilitychange', onVisibilityChange);
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
      document.removeEventListener('visibilitychange', onVisibilityChange);
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
