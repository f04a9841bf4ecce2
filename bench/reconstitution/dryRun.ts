/*
 * After ingest: the archive's size on disk per event, and the dry-run
 * phase (EventArchiveStore.dryRun() of the biggest producer, for one day
 * and for many entity ids).
 */
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import type {
  DryRunResult,
  EventSelection,
} from '@internal/backstage-plugin-reconstitution-common';
import { EventArchiveStore } from '../../plugins/reconstitution-backend/src/database/EventArchiveStore';
import { explain } from '../lib/postgres';
import { Metric, metric, percentile, progress, round } from '../lib/results';
import { withTimeout } from '../lib/run';
import { latencyMetrics, seededRandom } from '../lib/stats';
import { DAY_MS, END, PRODUCERS, START } from './events';
import {
  DRY_RUNS,
  DRY_RUN_ENTITY_IDS,
  ENVIRONMENT,
  EVENTS,
  EXPLAIN,
  TARGET_DRY_RUN_MS,
} from './settings';

export async function measureSize(knex: Knex, metrics: Record<string, Metric>) {
  const { rows } = await knex.raw(`
    SELECT count(*) AS partitions,
           coalesce(sum(pg_relation_size(relid)), 0) AS heap,
           coalesce(sum(pg_table_size(relid) - pg_relation_size(relid)), 0) AS toast,
           coalesce(sum(pg_indexes_size(relid)), 0) AS indexes,
           coalesce(sum(pg_total_relation_size(relid)), 0) AS total
      FROM pg_partition_tree('reconstitution_events')
     WHERE isleaf`);
  const size = rows[0];
  const perEvent = (value: string | number) => Number(value) / EVENTS;
  progress(
    `archive: ${size.partitions} monthly partitions, ${Math.round(
      Number(size.total) / 1024 ** 2,
    )} MiB = ${Math.round(perEvent(size.total))} bytes/event (heap ${Math.round(
      perEvent(size.heap),
    )}, toast ${Math.round(perEvent(size.toast))}, indexes ${Math.round(
      perEvent(size.indexes),
    )})`,
  );
  metrics.archive_bytes_per_event = metric(
    round(perEvent(size.total), 0),
    'bytes',
    'lower',
  );
}

export async function benchDryRun(
  store: EventArchiveStore,
  knex: Knex,
  metrics: Record<string, Metric>,
) {
  progress('ANALYZE reconstitution_events');
  await knex.raw('ANALYZE reconstitution_events');
  // The biggest producer: the most rows to count.
  const p = PRODUCERS.reduce((a, b) => (b.weight > a.weight ? b : a));
  const base = {
    environment: ENVIRONMENT,
    domain: p.domain,
    entityType: p.entityType,
  };
  const next = seededRandom(99);
  const firstDay = Math.ceil(START / DAY_MS) * DAY_MS;
  const fullDays = Math.max(1, Math.floor((END - firstDay) / DAY_MS));
  const oneDay = (): EventSelection => {
    const from = firstDay + Math.floor(next() * fullDays) * DAY_MS;
    return {
      ...base,
      from: new Date(from).toISOString(),
      to: new Date(from + DAY_MS).toISOString(),
    };
  };
  const someEntities = (): EventSelection => {
    const ids = [...p.entities];
    const count = Math.min(DRY_RUN_ENTITY_IDS, ids.length);
    for (let k = 0; k < count; k++) {
      const j = k + Math.floor(next() * (ids.length - k));
      [ids[k], ids[j]] = [ids[j], ids[k]];
    }
    return { ...base, entityIds: ids.slice(0, count) };
  };

  const cases = [
    {
      name: 'dry_run_one_day',
      what: `one day of ${p.domain}.${p.entityType}`,
      make: oneDay,
    },
    {
      name: 'dry_run_10k_entities',
      what: `${Math.min(DRY_RUN_ENTITY_IDS, p.entities.length)} random ${
        p.entityType
      } ids, whole range`,
      make: someEntities,
    },
  ];
  for (const c of cases) {
    progress(`dry run, ${c.what}: ${DRY_RUNS} runs (sample 10)`);
    const times: number[] = [];
    let matched = 0;
    for (let run = 0; run < DRY_RUNS; run++) {
      const selection = c.make();
      const started = performance.now();
      const result: DryRunResult = await withTimeout(
        store.dryRun(selection, 10),
        60_000,
        `dry run of ${c.what}`,
      );
      times.push(performance.now() - started);
      matched += result.total;
      if (
        result.total > 0 &&
        result.sample.length !== Math.min(10, result.total)
      ) {
        throw new Error(
          `dry run returned ${result.sample.length} samples of ${result.total}`,
        );
      }
    }
    if (matched === 0)
      throw new Error(`no dry run of ${c.what} matched anything`);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(
        ...times,
      ).toFixed(1)} ms; ${Math.round(
        matched / DRY_RUNS,
      )} events matched on average`,
    );
    if (EXPLAIN) await explain(knex, () => store.dryRun(c.make(), 10));
    Object.assign(metrics, latencyMetrics(c.name, p50, p95, TARGET_DRY_RUN_MS));
  }
}
