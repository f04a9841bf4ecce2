/*
 * Running a bench: its options from the environment, waits and deadlines
 * that fail loudly, a logger for the plugins' services under test, and the
 * exit code.
 */
import { performance } from 'node:perf_hooks';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { progress } from './results';

/** A positive whole number from the environment, or the fallback. */
export function numberEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} must be a positive integer, got '${value}'`);
  }
  return n;
}

/** BENCH_PHASES as a set, or all of `fallback`. */
export function phasesEnv(fallback: string): Set<string> {
  return new Set((process.env.BENCH_PHASES ?? fallback).split(','));
}

export function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Rejects with `what` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value; fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Fails (`failed` rejects) when `count` has not moved for `stallMs`;
 * reports progress every 10 s.
 */
export function stallGuard(
  what: string,
  count: () => Promise<number>,
  stallMs: number,
  report?: (count: number) => void,
) {
  let last = -1;
  let lastChange = performance.now();
  let lastReport = performance.now();
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const timer = setInterval(async () => {
    const now = performance.now();
    const value = await count().catch(() => last);
    if (value !== last) {
      last = value;
      lastChange = now;
    } else if (now - lastChange > stallMs) {
      fail(
        new Error(
          `${what} stalled: no progress for ${Math.round(
            stallMs / 1000,
          )} s at ${value}`,
        ),
      );
    }
    if (report && now - lastReport > 10_000) {
      lastReport = now;
      report(value);
    }
  }, 1000);
  return { failed, stop: () => clearInterval(timer) };
}

/** The services' warnings and errors on stderr; their chatter dropped. */
export const benchLogger: LoggerService = {
  error: message => progress(`error: ${message}`),
  warn: message => progress(`warn: ${message}`),
  info: () => {},
  debug: () => {},
  child: () => benchLogger,
};

/** Runs a bench's main; a failure is printed and exits 1. */
export function runBench(main: () => Promise<void>) {
  main().catch(error => {
    progress(`bench failed: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
