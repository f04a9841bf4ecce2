/*
 * Watching one ingestion: the backend's RSS and the GitHub pages read
 * (sampled), its log (the full-mutation provider's messages, the
 * incremental engine's bursts), and the catalog's counts until every
 * entity is queryable, the backend dies, or it stalls.
 */
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import type { LocalGitHub } from '@internal/dev-github';
import { Backend } from '../lib/backendProcess';
import { CpuSnapshot, cpuSnapshot, cpuUsed, memoryOf } from '../lib/processes';
import { progress } from '../lib/results';
import { sleep } from '../lib/run';
import {
  CatalogCounts,
  catalogCounts,
  countEntities,
  processingErrors,
} from './catalogState';
import { FULL_MUTATION_LOG } from './fullMutationProvider';
import { MAX_MS, Mode, SAMPLE_MS, STALL_MS } from './settings';

/** The backend's RSS every SAMPLE_MS, and the GitHub pages read. */
export class BackendSampler {
  peakRss = 0;
  lastRss = 0;
  lastHwm = 0;
  firstPageAt: number | undefined;
  lastPageAt: number | undefined;
  /** RSS at the first GitHub page. */
  baselineRss: number | undefined;
  pagesRead = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly github: LocalGitHub,
    private readonly pages: number,
  ) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private sample() {
    const memory = memoryOf(this.pid);
    if (memory) {
      this.lastRss = memory.rss;
      this.lastHwm = memory.peak;
      this.peakRss = Math.max(this.peakRss, memory.rss, memory.peak);
    }
    this.pagesRead =
      this.github.control.stats().graphql.byOperation
        .OrganisationRepositories ?? 0;
    const now = performance.now();
    if (this.pagesRead > 0 && this.firstPageAt === undefined) {
      this.firstPageAt = now;
      this.baselineRss = this.lastRss;
    }
    if (this.pagesRead >= this.pages && this.lastPageAt === undefined) {
      this.lastPageAt = now;
    }
  }

  /** Seconds from the first GitHub page to `at`. */
  seconds(at: number | undefined): number | undefined {
    return at === undefined || this.firstPageAt === undefined
      ? undefined
      : (at - this.firstPageAt) / 1000;
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** What the backend's log says: the provider's failure, the bursts. */
export function ingestionLog(label: string) {
  const state = {
    fullMutationFailure: undefined as string | undefined,
    bursts: 0,
    burstBatches: 0,
    burstMs: 0,
  };
  const onLogLine = (message: string) => {
    if (message.includes(FULL_MUTATION_LOG.failed)) {
      state.fullMutationFailure ??= message;
    }
    if (
      message.includes(FULL_MUTATION_LOG.read) ||
      message.includes(FULL_MUTATION_LOG.applied)
    ) {
      progress(`${label} ${message.replace(/^info /, '')}`);
    }
    if (message.includes('heap out of memory')) {
      progress(`${label} ${message}`);
    }
    const burst = /burst complete\. \((\d+) batches in (\d+)ms\)/.exec(message);
    if (burst) {
      state.bursts += 1;
      state.burstBatches += Number(burst[1]);
      state.burstMs += Number(burst[2]);
    }
  };
  return { state, onLogLine };
}

export type IngestionRun = {
  mode: Mode;
  n: number;
  label: string;
  /** GitHub pages of the organisation. */
  pages: number;
  /** The by-query filter of the provider's entities. */
  providerFilter: string;
  backend: Backend;
  knex: Knex;
  sampler: BackendSampler;
  log: ReturnType<typeof ingestionLog>['state'];
  spawnedAt: number;
};

export type Watched = {
  /** Set when the backend failed (full mode only; incremental throws). */
  failure?: string;
  /** When each of the catalog's counts reached N. */
  reached: Partial<Record<keyof CatalogCounts, number>>;
  providerDoneAt?: number;
  allDoneAt?: number;
  locations: number;
  queryable: number;
  startCpu: CpuSnapshot;
};

/** CPU used between two snapshots, in cores (1.0 = one core all the time). */
function cpuCores(before: CpuSnapshot, after: CpuSnapshot) {
  const used = cpuUsed(before, after);
  return {
    backend: used.pid / used.seconds,
    postgres: used.byName.postgres / used.seconds,
    bench: used.own / used.seconds,
  };
}

export function cpuNow(backend: Backend): CpuSnapshot {
  return cpuSnapshot({ pid: backend.pid, names: ['postgres'] });
}

export function cpuReport(before: CpuSnapshot, after: CpuSnapshot): string {
  const cores = cpuCores(before, after);
  return `CPU cores: backend ${cores.backend.toFixed(
    2,
  )}, postgres ${cores.postgres.toFixed(
    2,
  )}, bench and local GitHub ${cores.bench.toFixed(2)}`;
}

/** Why the run ends early, if it does: the backend died or the provider failed. */
function ended(run: IngestionRun): string | undefined {
  const { backend, label } = run;
  const exit = backend.exit();
  if (exit) {
    const tail = backend.log.tail();
    const oom = /heap out of memory|Reached heap limit|FATAL ERROR/i.test(tail);
    const failure = `the backend died (${exit}${
      oom ? ', JavaScript heap out of memory' : ''
    })`;
    if (run.mode === 'incremental') {
      throw new Error(`${label} ${failure}:\n${tail}`);
    }
    progress(`${label} ${failure}; last log lines:\n${tail}`);
    return failure;
  }
  if (run.log.fullMutationFailure) {
    const failure = `the provider failed: ${run.log.fullMutationFailure}`;
    progress(`${label} ${failure}`);
    return failure;
  }
  return undefined;
}

/**
 * Polls the catalog until every provider entity, and the Components of
 * the repositories' catalog-info.yaml files, are queryable. A full-mode
 * backend that dies, fails or stalls ends it with `failure`; an
 * incremental one throws.
 */
export async function watchIngestion(run: IngestionRun): Promise<Watched> {
  const { n, label, backend, knex, sampler } = run;
  const pollMs = n <= 10_000 ? 1000 : 2000;
  const startCpu = cpuNow(backend);
  const watched: Watched = {
    reached: {},
    locations: 0,
    queryable: 0,
    startCpu,
  };
  let lastCpu = startCpu;
  let lastPoll = startCpu;
  let lastReport = performance.now();
  let lastReportQueryable = 0;
  let lastChange = performance.now();
  let lastSignature = '';
  let counts: CatalogCounts = { handed: 0, processed: 0, stitched: 0 };
  let total = 0;

  for (;;) {
    await sleep(pollMs);
    backend.log.poll();
    const now = performance.now();
    watched.failure = ended(run);
    if (watched.failure) break;

    counts = await catalogCounts(knex);
    for (const key of ['handed', 'processed', 'stitched'] as const) {
      if (counts[key] >= n && watched.reached[key] === undefined) {
        watched.reached[key] = now;
      }
    }
    // The API may not answer while the backend is dying: the next round
    // sees the exit.
    const count = (filter?: string) =>
      countEntities(backend.baseUrl, filter).catch(() => undefined);
    if (counts.stitched >= n) {
      // Near the end: ask the API itself.
      watched.queryable =
        (await count(run.providerFilter)) ?? watched.queryable;
      if (watched.queryable >= n && watched.providerDoneAt === undefined) {
        watched.providerDoneAt = now;
        progress(
          `${label} all ${n} provider entities queryable after ${sampler
            .seconds(now)
            ?.toFixed(1)} s`,
        );
      }
      if (watched.providerDoneAt !== undefined) {
        const [l, t] = [
          await count(`kind=location,${run.providerFilter}`),
          await count(),
        ];
        if (l !== undefined && t !== undefined) {
          [watched.locations, total] = [l, t];
          if (total >= n + watched.locations) {
            watched.allDoneAt = now;
            break;
          }
        }
      }
    } else if (now - lastReport >= 10_000) {
      watched.queryable =
        (await count(run.providerFilter)) ?? watched.queryable;
    }

    // Progress: a count moved, or the backend or Postgres is busy (a
    // full mutation is one long transaction that no count shows).
    const cpuPoll = cpuNow(backend);
    const signature = [
      sampler.pagesRead,
      counts.handed,
      counts.processed,
      counts.stitched,
      watched.queryable,
      total,
    ].join('/');
    const cores = cpuCores(lastPoll, cpuPoll);
    const busy = cores.backend > 0.25 || cores.postgres > 0.25;
    lastPoll = cpuPoll;
    if (signature !== lastSignature || busy) {
      lastSignature = signature;
      lastChange = now;
    }
    watched.failure = await stalled(
      run,
      now,
      now - lastChange,
      counts,
      watched,
    );
    if (watched.failure) break;

    if (now - lastReport >= 10_000) {
      const rate =
        (watched.queryable - lastReportQueryable) / ((now - lastReport) / 1000);
      progress(
        `${label} t+${(sampler.seconds(now) ?? 0).toFixed(0)} s: GitHub pages ${
          sampler.pagesRead
        }/${run.pages}; catalog rows ${counts.handed} handed over, ${
          counts.processed
        } processed, ${counts.stitched} stitched; ${
          watched.queryable
        }/${n} queryable (${Math.round(rate)}/s); RSS ${Math.round(
          sampler.lastRss,
        )} MiB (peak ${Math.round(sampler.peakRss)}); ${cpuReport(
          lastCpu,
          cpuPoll,
        )}`,
      );
      lastReport = now;
      lastReportQueryable = watched.queryable;
      lastCpu = cpuPoll;
    }
  }
  return watched;
}

/**
 * The failure of a run that made no progress for STALL_MS or took more
 * than MAX_MS (an incremental one throws), or undefined.
 */
async function stalled(
  run: IngestionRun,
  now: number,
  sinceChangeMs: number,
  counts: CatalogCounts,
  watched: Watched,
): Promise<string | undefined> {
  const isStalled = sinceChangeMs > STALL_MS;
  const tooLong = now - run.spawnedAt > MAX_MS;
  if (!isStalled && !tooLong) return undefined;
  const why = isStalled
    ? `no progress for ${STALL_MS / 1000} s`
    : `not done after ${MAX_MS / 60_000} minutes`;
  const detail = `${why} (GitHub pages ${run.sampler.pagesRead}/${run.pages}, ${
    counts.handed
  } handed over, ${counts.processed} processed, ${counts.stitched} stitched, ${
    watched.queryable
  }/${run.n} queryable); ${await processingErrors(run.knex)}`;
  if (run.mode === 'incremental') {
    throw new Error(`${run.label} ${detail}\n${run.backend.log.tail()}`);
  }
  progress(`${run.label} ${detail}`);
  return detail;
}
