/*
 * The figures of one N, from the runs of its modes, for the results file.
 */
import { MaybeMetric, metric, round } from '../lib/results';
import type { RunResult } from './ingest';
import {
  Mode,
  TARGET_ENTITIES_PER_S,
  TARGET_PEAK_RSS_MIB,
  TARGET_SIZE,
} from './settings';

/** A finished run's time to all entities, its rate, and to all Components. */
function timings(
  prefix: string,
  n: number,
  run: RunResult & { providerSeconds: number },
  rateTarget: number | null,
): Record<string, MaybeMetric> {
  const figures: Record<string, MaybeMetric> = {
    [`${prefix}_seconds`]: metric(round(run.providerSeconds, 1), 's', 'lower'),
    [`${prefix}_entities_per_s`]: metric(
      round(n / run.providerSeconds, 0),
      'entities/s',
      'higher',
      rateTarget,
    ),
  };
  if (run.allSeconds !== undefined) {
    figures[`${prefix}_all_seconds`] = metric(
      round(run.allSeconds, 1),
      's',
      'lower',
    );
  }
  return figures;
}

/** The time the source read took, and the peak RSS. */
function sourceAndMemory(
  prefix: string,
  run: RunResult,
  rssTarget: number | null,
): Record<string, MaybeMetric> {
  const figures: Record<string, MaybeMetric> = {};
  if (run.sourceReadSeconds !== undefined) {
    figures[`${prefix}_source_read_seconds`] = metric(
      round(run.sourceReadSeconds, 1),
      's',
      'lower',
    );
  }
  figures[`${prefix}_peak_rss_mib`] = metric(
    round(run.peakRssMiB, 0),
    'MiB',
    'lower',
    rssTarget,
  );
  return figures;
}

function hasTimes(
  run: RunResult | undefined,
): run is RunResult & { providerSeconds: number } {
  return run?.providerSeconds !== undefined;
}

export function record(
  n: number,
  results: Partial<Record<Mode, RunResult>>,
  metrics: Record<string, MaybeMetric>,
  notes: string[],
) {
  const atTarget = n === TARGET_SIZE;
  const inc = results.incremental;
  if (hasTimes(inc)) {
    const prefix = `incremental_${n}`;
    Object.assign(
      metrics,
      timings(prefix, n, inc, atTarget ? TARGET_ENTITIES_PER_S : null),
      sourceAndMemory(prefix, inc, atTarget ? TARGET_PEAK_RSS_MIB : null),
    );
  }
  const full = results.full;
  if (full) {
    const prefix = `full_mutation_${n}`;
    metrics[`${prefix}_failed`] = metric(full.failure ? 1 : 0, 'bool', 'lower');
    if (full.failure) {
      metrics[`${prefix}_failed_after_seconds`] = metric(
        round(full.failedAfterSeconds ?? 0, 1),
        's',
        'higher',
      );
      metrics[`${prefix}_entities_at_failure`] = metric(
        full.queryable,
        'entities',
        'higher',
      );
      notes.push(
        `${prefix}: ${full.failure} after ${round(
          full.failedAfterSeconds ?? 0,
          1,
        )} s, ${
          full.queryable
        } of ${n} entities queryable; its peak RSS is the peak until then`,
      );
    } else if (hasTimes(full)) {
      Object.assign(metrics, timings(prefix, n, full, null));
    }
    Object.assign(metrics, sourceAndMemory(prefix, full, null));
  }
  if (inc && full && hasTimes(inc)) {
    metrics[`incremental_vs_full_rss_ratio_${n}`] = metric(
      round(inc.peakRssMiB / full.peakRssMiB, 3),
      'x',
      'lower',
    );
    if (!full.failure && hasTimes(full)) {
      metrics[`incremental_vs_full_seconds_ratio_${n}`] = metric(
        round(inc.providerSeconds / full.providerSeconds, 3),
        'x',
        'lower',
      );
    }
  }
}
