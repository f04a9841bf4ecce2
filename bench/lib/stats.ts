/*
 * Statistics of a bench's samples, latency figures, and seeded random
 * numbers so that every run generates the same data.
 */
import { Metric, metric, percentile, progress, round } from './results';

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** The ms of `runs` sequential calls of `fn`, after `warmup` more. */
export async function timeRuns(
  runs: number,
  warmup: number,
  fn: (run: number) => Promise<number>,
): Promise<number[]> {
  const times: number[] = [];
  for (let run = -warmup; run < runs; run++) {
    const ms = await fn(run);
    if (run >= 0) times.push(ms);
  }
  return times;
}

/** p50, p95 and max of `runs` calls of `fn` (ms each), printed. */
export async function latency(
  what: string,
  runs: number,
  warmup: number,
  fn: (run: number) => Promise<number>,
): Promise<{ p50: number; p95: number; max: number }> {
  const times = await timeRuns(runs, warmup, fn);
  const result = {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
  };
  progress(
    `  ${what} (${runs} requests): p50 ${result.p50.toFixed(
      1,
    )} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
  );
  return result;
}

/** `<name>_p50_ms` and `<name>_p95_ms`; the target is the p95's. */
export function latencyMetrics(
  name: string,
  p50: number,
  p95: number,
  target: number | null,
): Record<string, Metric> {
  return {
    [`${name}_p50_ms`]: metric(round(p50, 1), 'ms', 'lower'),
    [`${name}_p95_ms`]: metric(round(p95, 1), 'ms', 'lower', target),
  };
}

/** mulberry32: a small seeded PRNG, so every run generates the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
