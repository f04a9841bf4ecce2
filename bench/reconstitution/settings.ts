/*
 * The reconstitution bench's options, the names it declares (vhost,
 * database, exchange, queues), the plugin's settings it follows, and the
 * issue's targets.
 */
import { ConfigReader } from '@backstage/config';
import { readReconstitutionConfig } from '../../plugins/reconstitution-backend/src/config';
import { cpuSnapshot, cpuUsed, CpuSnapshot } from '../lib/processes';
import { numberEnv, phasesEnv } from '../lib/run';

export const VHOST = 'portal-bench-reconstitution';
export const DATABASE = 'portal_bench_reconstitution';
export const ENVIRONMENT = 'bench';

export const EVENTS = numberEnv('BENCH_EVENTS', 1_000_000);
export const ENTITIES = numberEnv('BENCH_ENTITIES', 100_000);
export const DAYS = numberEnv('BENCH_DAYS', 60);
export const DRY_RUNS = numberEnv('BENCH_DRY_RUNS', 30);
export const DRY_RUN_ENTITY_IDS = numberEnv('BENCH_DRY_RUN_ENTITY_IDS', 10_000);
export const PHASES = phasesEnv('ingest,republish,dryrun');
export const KEEP = process.env.BENCH_KEEP === '1';
export const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

/** The targets, for 1,000,000 events. */
export const TARGET_REPUBLISH_VS_RAW = 0.8;
export const TARGET_REPUBLISH_1M_SECONDS = 180;
export const TARGET_DRY_RUN_MS = 1000;

export const EXCHANGE = 'bench.integration-events';
/** Both bound `#` to the exchange: every event lands in each, identically. */
export const RAW_QUEUE = 'bench.archive.raw';
export const RECEIVER_QUEUES = {
  raw: 'bench.receiver.raw-confirm',
  publisher: 'bench.receiver.confirm-publisher',
  job: 'bench.receiver.job',
};

/**
 * The plugin's defaults, so the bench follows them when they change;
 * BENCH_ARCHIVE_PREFETCH, BENCH_ARCHIVE_BATCH and BENCH_JOB_WINDOW try
 * other settings (through the plugin's own config validation).
 */
export const SETTINGS = readReconstitutionConfig(
  new ConfigReader({
    reconstitution: {
      environments: {
        [ENVIRONMENT]: {
          exchanges: [EXCHANGE],
          prefetch: optionalNumberEnv('BENCH_ARCHIVE_PREFETCH'),
          batchSize: optionalNumberEnv('BENCH_ARCHIVE_BATCH'),
        },
      },
      jobs: { window: optionalNumberEnv('BENCH_JOB_WINDOW') },
    },
  }),
);
export const ARCHIVE = SETTINGS.environments[0];
/** Unconfirmed events a job allows (reconstitution.jobs.window). */
export const WINDOW = SETTINGS.jobs.window;
export const OVERRIDDEN = [
  'BENCH_ARCHIVE_PREFETCH',
  'BENCH_ARCHIVE_BATCH',
  'BENCH_JOB_WINDOW',
].filter(name => optionalNumberEnv(name) !== undefined);

function optionalNumberEnv(name: string): number | undefined {
  return process.env[name] ? numberEnv(name, 0) : undefined;
}

/** A job's page size (PAGE_SIZE of JobRun, not exported). */
export const PAGE_SIZE = 1000;
/** Unconfirmed messages while filling the queues (set-up, not measured). */
export const FILL_WINDOW = 5000;
/** A measurement whose count has not moved for this long has hung. */
export const STALL_MS = numberEnv('BENCH_STALL_SECONDS', 60) * 1000;

/** CPU of the bench, RabbitMQ and Postgres, for where time goes. */
export function cpuNow(): CpuSnapshot {
  return cpuSnapshot({ names: ['beam.smp', 'postgres'] });
}

/** CPU used since `before`, in cores (1.0 = one core busy all the time). */
export function cpuReport(before: CpuSnapshot, ms: number): string {
  const used = cpuUsed(before, cpuNow());
  const cores = (seconds: number) => (seconds / (ms / 1000)).toFixed(2);
  return `CPU cores: node ${cores(used.own)}, rabbitmq ${cores(
    used.byName['beam.smp'],
  )}, postgres ${cores(used.byName.postgres)}`;
}
