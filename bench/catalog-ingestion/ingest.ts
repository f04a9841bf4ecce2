/*
 * One ingestion: a backend of one mode (incremental or full mutation) on a
 * fresh database, from its start until every entity of the local GitHub's
 * N repositories is queryable, with its peak memory and where time went.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LocalGitHub } from '@internal/dev-github';
import { INGESTED_BY_ANNOTATION } from '../../plugins/catalog-backend-module-github-repos/src/provider/entities';
import { Backend, startBackend, waitForBackend } from '../lib/backendProcess';
import { dropDatabase, recreateDatabase } from '../lib/postgres';
import { freePort, memoryOf } from '../lib/processes';
import { progress } from '../lib/results';
import { api, stitchedOf } from './catalogState';
import {
  HEAP_MIB,
  KEEP,
  Mode,
  PAGE_SIZE,
  PROVIDER_NAME,
  backendConfig,
} from './settings';
import {
  BackendSampler,
  IngestionRun,
  Watched,
  cpuNow,
  cpuReport,
  ingestionLog,
  watchIngestion,
} from './watch';

export type RunResult = {
  mode: Mode;
  n: number;
  /** Set when the backend failed (full mode only; incremental throws). */
  failure?: string;
  /** Seconds from the first GitHub page to the failure. */
  failedAfterSeconds?: number;
  /** First GitHub page → every provider entity queryable. */
  providerSeconds?: number;
  /** … and the Components of the repositories' catalog-info.yaml too. */
  allSeconds?: number;
  /** First → last GitHub page. */
  sourceReadSeconds?: number;
  locations?: number;
  /** Provider entities queryable at the end (or at the failure). */
  queryable: number;
  /** Highest RSS until done (or until the failure). */
  peakRssMiB: number;
};

export type AfterIngestion = (backend: Backend) => Promise<void>;

export async function ingest(options: {
  mode: Mode;
  n: number;
  github: LocalGitHub;
  dir: string;
  serveApp: boolean;
  afterIngestion?: AfterIngestion;
}): Promise<RunResult> {
  const { mode, n, github } = options;
  const label = `[${mode} ${n}]`;
  const provider = PROVIDER_NAME[mode];
  const database = `portal_bench_catalog_${mode}_${n}`;
  const knex = await recreateDatabase(database);
  github.control.resetStats();
  const port = await freePort();
  const log = ingestionLog(label);

  progress(
    `${label} starting the backend (heap limit ${HEAP_MIB} MiB, database ${database})`,
  );
  const spawnedAt = performance.now();
  const name = `${mode}-${Date.now()}`;
  const backend = startBackend({
    script: path.join(__dirname, 'backend.ts'),
    port,
    config: backendConfig({
      mode,
      port,
      database,
      github,
      serveApp: options.serveApp,
    }),
    configFile: path.join(options.dir, `${name}.json`),
    logFile: path.join(options.dir, `${name}.log`),
    nodeArgs: [`--max-old-space-size=${HEAP_MIB}`],
    env: {
      BENCH_BACKEND_MODE: mode,
      BENCH_SERVE_APP: options.serveApp ? '1' : '0',
    },
    onLogLine: log.onLogLine,
    logFields: ['plugin', 'service', 'provider'],
  });
  const run: IngestionRun = {
    mode,
    n,
    label,
    pages: Math.ceil(n / PAGE_SIZE),
    providerFilter: `metadata.annotations.${INGESTED_BY_ANNOTATION}=${provider}`,
    backend,
    knex,
    sampler: new BackendSampler(backend.pid, github, Math.ceil(n / PAGE_SIZE)),
    log: log.state,
    spawnedAt,
  };

  try {
    // Ready: the catalog answers.
    await waitForBackend(
      backend,
      async () =>
        (
          await api(backend.baseUrl, '/api/catalog/entities/by-query?limit=0')
        ).ok || undefined,
      label,
    );
    progress(
      `${label} backend up after ${(
        (performance.now() - spawnedAt) /
        1000
      ).toFixed(1)} s, RSS ${Math.round(
        run.sampler.lastRss,
      )} MiB; waiting for ${n} entities of ${provider}`,
    );

    const watched = await watchIngestion(run);
    const result = finish(run, watched, github);
    if (result.failure) {
      result.queryable = await stitchedOf(knex, provider);
      return result;
    }
    result.providerSeconds = run.sampler.seconds(watched.providerDoneAt);
    result.allSeconds = run.sampler.seconds(watched.allDoneAt);
    if (options.afterIngestion) await options.afterIngestion(backend);
    return result;
  } finally {
    run.sampler.stop();
    await backend.stop();
    await knex.destroy();
    if (KEEP) {
      progress(`${label} BENCH_KEEP=1: database ${database} kept`);
    } else {
      await dropDatabase(database).catch(error =>
        progress(`${label} could not drop ${database}: ${error}`),
      );
    }
  }
}

/** The figures of a run that has ended, and where its time went, printed. */
function finish(
  run: IngestionRun,
  watched: Watched,
  github: LocalGitHub,
): RunResult {
  const { label, n, sampler } = run;
  // The peak until now: the kernel's high-water mark, or the samples
  // (the last ones, when the process is gone).
  sampler.stop();
  const memory = memoryOf(run.backend.pid);
  const peakRssMiB = Math.max(sampler.peakRss, memory?.peak ?? sampler.lastHwm);
  const endCpu = cpuNow(run.backend);
  const end = performance.now();
  const stats = github.control.stats();
  const restRequests = stats.byResource.core ?? 0;
  const at = (time: number | undefined) => fmt(sampler.seconds(time));
  progress(
    `${label} ${
      watched.failure ? `FAILED: ${watched.failure}` : 'done'
    }; peak RSS ${Math.round(peakRssMiB)} MiB (${Math.round(
      sampler.baselineRss ?? 0,
    )} MiB at the first GitHub page); backend started in ${(
      ((sampler.firstPageAt ?? end) - run.spawnedAt) /
      1000
    ).toFixed(1)} s before the first page`,
  );
  progress(
    `${label} from the first GitHub page: source read in ${at(
      sampler.lastPageAt,
    )} s; ≥ ${n} catalog rows handed over at ${at(
      watched.reached.handed,
    )} s, processed at ${at(watched.reached.processed)} s, stitched at ${at(
      watched.reached.stitched,
    )} s; provider entities queryable at ${at(
      watched.providerDoneAt,
    )} s, with the ${watched.locations} catalog-info.yaml components at ${at(
      watched.allDoneAt,
    )} s; ${cpuReport(watched.startCpu, endCpu)}`,
  );
  if (run.log.bursts > 0) {
    progress(
      `${label} incremental engine: ${run.log.bursts} bursts, ${
        run.log.burstBatches
      } pages, ${(run.log.burstMs / 1000).toFixed(1)} s in bursts`,
    );
  }
  progress(
    `${label} local GitHub: ${stats.graphql.requests} GraphQL requests (${
      stats.graphql.cost
    } points), ${restRequests} REST requests, ${
      stats.rateLimited
    } rate limited; at GitHub's 5,000 an hour that is ${(
      Math.max(stats.graphql.cost, restRequests) / 5000
    ).toFixed(2)} h of budget`,
  );
  const result: RunResult = {
    mode: run.mode,
    n,
    queryable: watched.queryable,
    peakRssMiB,
    locations: watched.locations,
    sourceReadSeconds: sampler.seconds(sampler.lastPageAt),
  };
  if (watched.failure) {
    result.failure = watched.failure;
    result.failedAfterSeconds =
      sampler.seconds(end) ?? (end - run.spawnedAt) / 1000;
  }
  return result;
}

function fmt(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}
