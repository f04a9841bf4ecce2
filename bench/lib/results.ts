import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One measured figure of a bench run. */
export type Metric = {
  value: number;
  unit: string;
  /** What the figure should reach; null when there is no target. */
  target: number | null;
  better: 'higher' | 'lower';
};

export type BenchResult = {
  name: string;
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
  };
  metrics: Record<string, Metric>;
};

export function machine(): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResults(
  name: string,
  metrics: Record<string, Metric>,
): string {
  const result: BenchResult = {
    name,
    date: new Date().toISOString(),
    machine: machine(),
    metrics,
  };
  const dir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Value at the given percentile (0..100), nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Rounds for the results file: figures of a bench are not exact to 1e-9. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const started = Date.now();

/** A progress line on stderr with the time since the bench started. */
export function progress(message: string) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}
