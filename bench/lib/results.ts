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

/** A figure that may be missing (null), with the reason in the notes. */
export type MaybeMetric = Omit<Metric, 'value'> & { value: number | null };

export type BenchResult = {
  name: string;
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
  };
  metrics: Record<string, MaybeMetric>;
  /** The settings of the run and why a figure is missing, where a bench says. */
  notes?: string[];
};

export function metric(
  value: number,
  unit: string,
  better: Metric['better'],
  target?: number | null,
): Metric;
export function metric(
  value: number | null,
  unit: string,
  better: Metric['better'],
  target?: number | null,
): MaybeMetric;
export function metric(
  value: number | null,
  unit: string,
  better: Metric['better'],
  target: number | null = null,
): MaybeMetric {
  return { value, unit, target, better };
}

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
  metrics: Record<string, MaybeMetric>,
  notes?: string[],
): string {
  const result: BenchResult = {
    name,
    date: new Date().toISOString(),
    machine: machine(),
    metrics,
    ...(notes ? { notes } : {}),
  };
  const dir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The metrics, their targets and whether each is met, on stdout. */
export function printTable(metrics: Record<string, Metric>) {
  const lines = Object.entries(metrics).map(([name, m]) => {
    let gap = '';
    if (m.target !== null) {
      const met =
        m.better === 'higher' ? m.value >= m.target : m.value <= m.target;
      gap = met
        ? 'met'
        : `MISSED by ${round(Math.abs(m.value - m.target), 3)} ${m.unit}`;
    }
    return `${name.padEnd(32)} ${String(m.value).padStart(10)} ${m.unit.padEnd(
      6,
    )} target ${String(m.target ?? '-').padEnd(6)} ${gap}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The end of a run: the results file, then the table of the figures on
 * stdout and, after it, the notes that say why a figure is missing.
 */
export function reportResults(
  name: string,
  metrics: Record<string, MaybeMetric>,
  notes?: string[],
) {
  const file = writeResults(name, metrics, notes);
  progress(`results written to ${file}`);
  printTable(
    Object.fromEntries(
      Object.entries(metrics).filter(
        (entry): entry is [string, Metric] => entry[1].value !== null,
      ),
    ),
  );
  for (const note of (notes ?? []).filter(n => / is null: /.test(n))) {
    process.stdout.write(`${note}\n`);
  }
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
