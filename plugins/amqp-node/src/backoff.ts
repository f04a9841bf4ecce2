/** @internal */
export type BackoffOptions = {
  initialDelayMs: number;
  maxDelayMs: number;
};

/**
 * Exponential backoff with "equal jitter": the delay for attempt `n`
 * (0-based) is uniformly distributed in [d/2, d] where
 * d = min(maxDelayMs, initialDelayMs * 2^n).
 *
 * @internal
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(attempt, 30);
  const base = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * Math.pow(2, exp),
  );
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** @internal */
export function delay(ms: number): Promise<void> {
  return new Promise(resolve => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

/**
 * Polls `predicate` until it returns true or `timeoutMs` elapses. Resolves to
 * the last value of the predicate.
 *
 * @internal
 */
export async function waitUntil(
  predicate: () => boolean,
  timeoutMs: number,
  intervalMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, timeoutMs);
  while (!predicate()) {
    if (Date.now() >= deadline) {
      return predicate();
    }
    await delay(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
  return true;
}

/**
 * Resolves to `true` if the promise settled within `timeoutMs`, `false`
 * otherwise. Never rejects.
 *
 * @internal
 */
export function settlesWithin(
  promise: Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise(resolve => {
    const t = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    t.unref?.();
    promise.then(
      () => {
        clearTimeout(t);
        resolve(true);
      },
      () => {
        clearTimeout(t);
        resolve(true);
      },
    );
  });
}
