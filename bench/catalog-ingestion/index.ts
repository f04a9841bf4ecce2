/*
 * Catalog ingestion: the portal's incremental GitHub provider
 * (plugins/catalog-backend-module-github-repos) against a full-mutation
 * provider over the same local GitHub (dev/github), each in a backend of
 * its own (backend.ts) on a fresh Postgres database, for N = 10,000 and
 * 100,000 repositories; at the largest N also the catalog API's first page
 * latency and the catalog page's time to first rows in Chromium. See
 * bench/README.md.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import { parse as parseYaml } from 'yaml';
import { chromium } from 'playwright';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import { INGESTED_BY_ANNOTATION } from '../../plugins/catalog-backend-module-github-repos/src/provider/entities';
import { Metric, machine, percentile, progress, round } from '../lib/results';
import {
  POSTGRES_URL,
  dropDatabase,
  numberEnv,
  printTable,
  recreateDatabase,
  sleep,
} from '../lib/services';
import { FULL_MUTATION_LOG } from './fullMutationProvider';

const NAME = 'catalog-ingestion';
const ROOT = path.resolve(__dirname, '../..');

type Mode = 'incremental' | 'full';

const SIZES = sizesEnv('BENCH_SIZES', [10_000, 100_000]);
const MODES = modesEnv('BENCH_MODES', ['incremental', 'full']);
const KEEP = process.env.BENCH_KEEP === '1';
/** Heap limit of the backend under test: high enough not to be the limit. */
const HEAP_MIB = numberEnv('BENCH_BACKEND_HEAP_MIB', 4096);
/** catalog.processingInterval of the backend under test. */
const PROCESSING_INTERVAL_SECONDS = numberEnv(
  'BENCH_PROCESSING_INTERVAL_SECONDS',
  1800,
);
const QUERY_RUNS = numberEnv('BENCH_QUERY_RUNS', 100);
const PAGE_RUNS = numberEnv('BENCH_PAGE_RUNS', 5);
/** An ingestion whose counts have not moved for this long has hung. */
const STALL_MS = numberEnv('BENCH_STALL_SECONDS', 300) * 1000;
/** The longest a backend may take to ingest one source. */
const MAX_MS = numberEnv('BENCH_MAX_MINUTES', 180) * 60_000;
const SEED = numberEnv('BENCH_SEED', 1);

/** The issue's targets, for 100,000 repositories. */
const TARGET_SIZE = 100_000;
const TARGET_ENTITIES_PER_S = 1000;
const TARGET_PEAK_RSS_MIB = 1024;
const TARGET_BY_QUERY_P95_MS = 50;
const TARGET_PAGE_FIRST_ROWS_MS = 2000;

const PROVIDER_ID = 'meridian';
const PROVIDER_NAME: Record<Mode, string> = {
  incremental: `github-repos-${PROVIDER_ID}`,
  full: `github-repos-full-${PROVIDER_ID}`,
};
/** The module's default page size (catalog.providers.githubRepos.*.pageSize). */
const PAGE_SIZE = 100;
/** The catalog page as someone opens it to browse every component. */
const CATALOG_PAGE_PATH =
  '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all';

const API_TOKEN = randomBytes(24).toString('base64url');
const GITHUB_TOKEN = 'catalog-ingestion-bench';
const APP_DIST = path.join(ROOT, 'packages/app/dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Samples of the backend's RSS. */
const SAMPLE_MS = 250;

function sizesEnv(name: string, fallback: number[]): number[] {
  const value = process.env[name];
  if (!value) return fallback;
  const sizes = value.split(',').map(s => Number(s.trim().replace(/_/g, '')));
  if (sizes.some(n => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${name} must list positive integers, got '${value}'`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function modesEnv(name: string, fallback: Mode[]): Mode[] {
  const value = process.env[name];
  if (!value) return fallback;
  const modes = value.split(',').map(s => s.trim());
  for (const mode of modes) {
    if (mode !== 'incremental' && mode !== 'full') {
      throw new Error(`${name} lists incremental and/or full, got '${value}'`);
    }
  }
  return modes as Mode[];
}

// --- results -----------------------------------------------------------------

/** A metric whose value may be missing (null), with the reason in notes. */
type BenchMetric = Omit<Metric, 'value'> & { value: number | null };

function metric(
  value: number | null,
  unit: string,
  better: Metric['better'],
  target: number | null = null,
): BenchMetric {
  return { value, unit, target, better };
}

/**
 * bench/results/catalog-ingestion.json in the format of lib/results.ts,
 * plus `notes`: the settings of the run and why a figure is missing.
 */
function writeCatalogResults(
  metrics: Record<string, BenchMetric>,
  notes: string[],
): string {
  const dir = path.resolve(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${NAME}.json`);
  const result = {
    name: NAME,
    date: new Date().toISOString(),
    machine: machine(),
    metrics,
    notes,
  };
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

// --- processes ---------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak RSS) of a process, in MiB; undefined once gone. */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of one process, from /proc (Linux). */
function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of each Postgres process (the server is shared), by pid. */
function postgresCpu(): Map<string, number> {
  const seconds = new Map<string, number>();
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // Not Linux.
  }
  return seconds;
}

/**
 * Postgres CPU between two snapshots: per process, so that connections
 * that come and go (other clients of the server) do not cancel out.
 */
function postgresDelta(
  before: Map<string, number>,
  after: Map<string, number>,
): number {
  let seconds = 0;
  for (const [pid, cpu] of after) {
    seconds += Math.max(0, cpu - (before.get(pid) ?? 0));
  }
  return seconds;
}

function benchCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

type CpuSnapshot = {
  at: number;
  backend: number;
  postgres: Map<string, number>;
  bench: number;
};

function cpuSnapshot(pid: number): CpuSnapshot {
  return {
    at: performance.now(),
    backend: cpuOf(pid),
    postgres: postgresCpu(),
    bench: benchCpu(),
  };
}

/** CPU used between two snapshots, in cores (1.0 = one core all the time). */
function cpuCores(before: CpuSnapshot, after: CpuSnapshot) {
  const seconds = Math.max((after.at - before.at) / 1000, 0.001);
  return {
    // A backend that has exited reads 0.
    backend: Math.max(0, after.backend - before.backend) / seconds,
    postgres: postgresDelta(before.postgres, after.postgres) / seconds,
    bench: Math.max(0, after.bench - before.bench) / seconds,
  };
}

function cpuReport(before: CpuSnapshot, after: CpuSnapshot): string {
  const cores = cpuCores(before, after);
  return `CPU cores: backend ${cores.backend.toFixed(
    2,
  )}, postgres ${cores.postgres.toFixed(
    2,
  )}, bench and local GitHub ${cores.bench.toFixed(2)}`;
}

/** Reads a backend's log as it grows: markers, errors, the last lines. */
class LogTail {
  private offset = 0;
  private partial = '';
  private readonly lines: string[] = [];
  private errorsShown = 0;

  constructor(
    readonly file: string,
    private readonly onLine: (message: string) => void,
  ) {}

  poll() {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const size = fs.fstatSync(fd).size;
      while (this.offset < size) {
        const buffer = Buffer.alloc(Math.min(size - this.offset, 4 << 20));
        const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
        if (read <= 0) break;
        this.offset += read;
        const parts = (
          this.partial + buffer.subarray(0, read).toString('utf8')
        ).split('\n');
        this.partial = parts.pop() ?? '';
        for (const line of parts) this.line(line);
      }
    } catch {
      // Not written yet.
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  private line(raw: string) {
    if (!raw.trim()) return;
    const { level, message } = readLogLine(raw);
    this.lines.push(message);
    if (this.lines.length > 40) this.lines.shift();
    if (level === 'error' && this.errorsShown < 20) {
      this.errorsShown += 1;
      progress(`  backend error: ${message.slice(0, 400)}`);
    }
    this.onLine(message);
  }

  tail(): string {
    this.poll();
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
}

/** A backend log line (JSON in production) as level and readable text. */
function readLogLine(raw: string): { level?: string; message: string } {
  try {
    const entry = JSON.parse(raw);
    if (entry && typeof entry === 'object' && 'message' in entry) {
      const extra = [entry.plugin, entry.service, entry.provider]
        .filter(Boolean)
        .join('/');
      return {
        level: entry.level,
        message: `${entry.level} ${extra ? `${extra}: ` : ''}${entry.message}`,
      };
    }
  } catch {
    // Not JSON: a plain line (stderr of node itself, e.g. a V8 fatal error).
  }
  return { message: raw };
}

// --- the backend under test --------------------------------------------------

/** What the frontend reads from app-config.yaml (app, organization, portal). */
function frontendConfig(baseUrl: string) {
  const appConfig = parseYaml(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  return {
    app: {
      ...appConfig.app,
      baseUrl,
      // Serve the bundle from disk without copying it into the database.
      disableStaticFallbackCache: true,
    },
    organization: appConfig.organization,
    portal: {
      ...appConfig.portal,
      signIn: { providers: ['guest'] },
    },
  };
}

function backendConfig(options: {
  mode: Mode;
  port: number;
  database: string;
  github: LocalGitHub;
  serveApp: boolean;
}) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  return {
    ...(options.serveApp ? frontendConfig(baseUrl) : {}),
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: options.port },
      database: {
        client: 'pg',
        connection: `${POSTGRES_URL.replace(/\/$/, '')}/${options.database}`,
        pluginDivisionMode: 'schema',
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: API_TOKEN, subject: 'catalog-ingestion-bench' },
          },
        ],
      },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    permission: { enabled: true },
    integrations: {
      github: [
        {
          host: options.github.host,
          apiBaseUrl: options.github.apiBaseUrl,
          token: GITHUB_TOKEN,
        },
      ],
    },
    catalog: {
      rules: [
        { allow: ['Component', 'Location', 'API', 'Resource', 'System'] },
      ],
      processingInterval: { seconds: PROCESSING_INTERVAL_SECONDS },
      providers: {
        githubRepos: {
          // The module's defaults otherwise: pages of 100, bursts of 3
          // minutes every 30 s, a rest of 1 hour after a full cycle.
          [PROVIDER_ID]: {
            host: options.github.host,
            organization: options.github.org,
          },
        },
      },
    },
  };
}

type Backend = {
  pid: number;
  baseUrl: string;
  log: LogTail;
  /** Set once the process has exited: how. */
  exit: () => string | undefined;
  stop: () => Promise<void>;
};

function startBackend(options: {
  mode: Mode;
  port: number;
  config: object;
  dir: string;
  serveApp: boolean;
  onLogLine: (message: string) => void;
}): Backend {
  const name = `${options.mode}-${Date.now()}`;
  const configFile = path.join(options.dir, `${name}.json`);
  const logFile = path.join(options.dir, `${name}.log`);
  fs.writeFileSync(configFile, JSON.stringify(options.config, null, 2));
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    BENCH_BACKEND_MODE: options.mode,
    BENCH_SERVE_APP: options.serveApp ? '1' : '0',
  };
  for (const key of Object.keys(env)) {
    if (key.startsWith('APP_CONFIG_')) delete env[key];
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MIB}`,
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backend.ts'),
      '--config',
      configFile,
    ],
    { cwd: __dirname, env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  let exit: string | undefined;
  const exited = new Promise<void>(resolve =>
    child.on('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );
  return {
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${options.port}`,
    log: new LogTail(logFile, options.onLogLine),
    exit: () => exit,
    stop: async () => {
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function api(
  baseUrl: string,
  pathAndQuery: string,
  token = API_TOKEN,
): Promise<Response> {
  return fetch(`${baseUrl}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** totalItems of a by-query filter (all entities without one). */
async function countEntities(baseUrl: string, filter?: string) {
  const params = new URLSearchParams({ limit: '0' });
  if (filter) params.set('filter', filter);
  const res = await api(baseUrl, `/api/catalog/entities/by-query?${params}`);
  if (!res.ok) {
    throw new Error(
      `by-query count failed: HTTP ${res.status} ${(await res.text()).slice(
        0,
        200,
      )}`,
    );
  }
  return (await res.json()).totalItems as number;
}

type CatalogCounts = { handed: number; processed: number; stitched: number };

/**
 * The catalog's pipeline, from its tables (schema `catalog`): rows handed
 * over by providers and emitted by processing, rows processed, entities
 * stitched (what the API serves).
 */
async function catalogCounts(knex: Knex): Promise<CatalogCounts> {
  try {
    const { rows } = await knex.raw(`SELECT
      (SELECT count(*) FROM catalog.refresh_state) AS handed,
      (SELECT count(*) FROM catalog.refresh_state
        WHERE processed_entity IS NOT NULL) AS processed,
      (SELECT count(*) FROM catalog.final_entities
        WHERE final_entity IS NOT NULL) AS stitched`);
    return {
      handed: Number(rows[0].handed),
      processed: Number(rows[0].processed),
      stitched: Number(rows[0].stitched),
    };
  } catch {
    // Before the catalog's migrations.
    return { handed: 0, processed: 0, stitched: 0 };
  }
}

/**
 * Stitched entities of a provider, from the catalog's search table (what
 * the API filters on): the queryable count when the API no longer answers.
 */
async function stitchedOf(knex: Knex, provider: string): Promise<number> {
  try {
    const { rows } = await knex.raw(
      `SELECT count(*) FROM catalog.search WHERE key = ? AND value = ?`,
      [`metadata.annotations.${INGESTED_BY_ANNOTATION}`, provider],
    );
    return Number(rows[0].count);
  } catch {
    return 0;
  }
}

/** Entities whose processing failed, for a stalled run's report. */
async function processingErrors(knex: Knex): Promise<string> {
  try {
    const { rows } = await knex.raw(`SELECT entity_ref, errors
      FROM catalog.refresh_state
      WHERE errors IS NOT NULL AND errors NOT IN ('', '[]') LIMIT 5`);
    const [{ count }] = (
      await knex.raw(`SELECT count(*) FROM catalog.refresh_state
        WHERE errors IS NOT NULL AND errors NOT IN ('', '[]')`)
    ).rows;
    return `${count} entities with processing errors${rows
      .map(
        (r: { entity_ref: string; errors: string }) =>
          `\n  ${r.entity_ref}: ${r.errors.slice(0, 300)}`,
      )
      .join('')}`;
  } catch (error) {
    return `could not read processing errors: ${error}`;
  }
}

// --- one ingestion -----------------------------------------------------------

type RunResult = {
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

type AfterIngestion = (backend: Backend) => Promise<void>;

async function ingest(options: {
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
  const providerFilter = `metadata.annotations.${INGESTED_BY_ANNOTATION}=${provider}`;
  const pages = Math.ceil(n / PAGE_SIZE);
  const database = `portal_bench_catalog_${mode}_${n}`;
  const knex = await recreateDatabase(database);
  github.control.resetStats();
  const port = await freePort();
  const config = backendConfig({
    mode,
    port,
    database,
    github,
    serveApp: options.serveApp,
  });

  let fullMutationFailure: string | undefined;
  let burstBatches = 0;
  let burstMs = 0;
  let bursts = 0;
  const onLogLine = (message: string) => {
    if (message.includes(FULL_MUTATION_LOG.failed)) {
      fullMutationFailure ??= message;
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
      bursts += 1;
      burstBatches += Number(burst[1]);
      burstMs += Number(burst[2]);
    }
  };

  progress(
    `${label} starting the backend (heap limit ${HEAP_MIB} MiB, database ${database})`,
  );
  const spawnedAt = performance.now();
  const backend = startBackend({
    mode,
    port,
    config,
    dir: options.dir,
    serveApp: options.serveApp,
    onLogLine,
  });

  // RSS every SAMPLE_MS, and the GitHub pages read (first and last).
  let peakRss = 0;
  let lastRss = 0;
  let lastHwm = 0;
  let firstPageAt: number | undefined;
  let lastPageAt: number | undefined;
  let baselineRss: number | undefined;
  let pagesRead = 0;
  let sampling = true;
  const sampler = setInterval(() => {
    if (!sampling) return;
    const memory = memoryOf(backend.pid);
    if (memory) {
      lastRss = memory.rss;
      lastHwm = memory.peak;
      peakRss = Math.max(peakRss, memory.rss, memory.peak);
    }
    pagesRead =
      github.control.stats().graphql.byOperation.OrganisationRepositories ?? 0;
    const now = performance.now();
    if (pagesRead > 0 && firstPageAt === undefined) {
      firstPageAt = now;
      baselineRss = lastRss;
    }
    if (pagesRead >= pages && lastPageAt === undefined) lastPageAt = now;
  }, SAMPLE_MS);

  const seconds = (at: number | undefined) =>
    at === undefined || firstPageAt === undefined
      ? undefined
      : (at - firstPageAt) / 1000;

  try {
    // Ready: the catalog answers.
    for (;;) {
      backend.log.poll();
      const exit = backend.exit();
      if (exit) {
        throw new Error(
          `${label} the backend exited while starting (${exit}):\n${backend.log.tail()}`,
        );
      }
      const ok = await api(
        backend.baseUrl,
        '/api/catalog/entities/by-query?limit=0',
      )
        .then(res => res.ok)
        .catch(() => false);
      if (ok) break;
      if (performance.now() - spawnedAt > 300_000) {
        throw new Error(
          `${label} the backend did not start within 300 s:\n${backend.log.tail()}`,
        );
      }
      await sleep(500);
    }
    progress(
      `${label} backend up after ${(
        (performance.now() - spawnedAt) /
        1000
      ).toFixed(1)} s, RSS ${Math.round(
        lastRss,
      )} MiB; waiting for ${n} entities of ${provider}`,
    );

    const pollMs = n <= 10_000 ? 1000 : 2000;
    const startCpu = cpuSnapshot(backend.pid);
    let lastCpu = startCpu;
    let lastPoll = startCpu;
    let lastReport = performance.now();
    let lastReportQueryable = 0;
    let lastChange = performance.now();
    let lastSignature = '';
    let counts: CatalogCounts = { handed: 0, processed: 0, stitched: 0 };
    const reached: Partial<Record<keyof CatalogCounts, number>> = {};
    let queryable = 0;
    let providerDoneAt: number | undefined;
    let allDoneAt: number | undefined;
    let locations = 0;
    let total = 0;
    let failure: string | undefined;

    for (;;) {
      await sleep(pollMs);
      backend.log.poll();
      const now = performance.now();
      const exit = backend.exit();
      if (exit) {
        const tail = backend.log.tail();
        const oom = /heap out of memory|Reached heap limit|FATAL ERROR/i.test(
          tail,
        );
        failure = `the backend died (${exit}${
          oom ? ', JavaScript heap out of memory' : ''
        })`;
        if (mode === 'incremental') {
          throw new Error(`${label} ${failure}:\n${tail}`);
        }
        progress(`${label} ${failure}; last log lines:\n${tail}`);
        break;
      }
      if (fullMutationFailure) {
        failure = `the provider failed: ${fullMutationFailure}`;
        progress(`${label} ${failure}`);
        break;
      }

      counts = await catalogCounts(knex);
      for (const key of ['handed', 'processed', 'stitched'] as const) {
        if (counts[key] >= n && reached[key] === undefined) reached[key] = now;
      }
      // The API may not answer while the backend is dying: the next round
      // sees the exit.
      const count = (filter?: string) =>
        countEntities(backend.baseUrl, filter).catch(() => undefined);
      if (counts.stitched >= n) {
        // Near the end: ask the API itself.
        queryable = (await count(providerFilter)) ?? queryable;
        if (queryable >= n && providerDoneAt === undefined) {
          providerDoneAt = now;
          progress(
            `${label} all ${n} provider entities queryable after ${seconds(
              now,
            )?.toFixed(1)} s`,
          );
        }
        if (providerDoneAt !== undefined) {
          const [l, t] = [
            await count(`kind=location,${providerFilter}`),
            await count(),
          ];
          if (l !== undefined && t !== undefined) {
            [locations, total] = [l, t];
            if (total >= n + locations) {
              allDoneAt = now;
              break;
            }
          }
        }
      } else if (now - lastReport >= 10_000) {
        queryable = (await count(providerFilter)) ?? queryable;
      }

      // Progress: a count moved, or the backend or Postgres is busy (a
      // full mutation is one long transaction that no count shows).
      const cpuNow = cpuSnapshot(backend.pid);
      const signature = [
        pagesRead,
        counts.handed,
        counts.processed,
        counts.stitched,
        queryable,
        total,
      ].join('/');
      const cores = cpuCores(lastPoll, cpuNow);
      const busy = cores.backend > 0.25 || cores.postgres > 0.25;
      lastPoll = cpuNow;
      if (signature !== lastSignature || busy) {
        lastSignature = signature;
        lastChange = now;
      }
      const stalled = now - lastChange > STALL_MS;
      const tooLong = now - spawnedAt > MAX_MS;
      if (stalled || tooLong) {
        const why = stalled
          ? `no progress for ${STALL_MS / 1000} s`
          : `not done after ${MAX_MS / 60_000} minutes`;
        const detail = `${why} (GitHub pages ${pagesRead}/${pages}, ${
          counts.handed
        } handed over, ${counts.processed} processed, ${
          counts.stitched
        } stitched, ${queryable}/${n} queryable); ${await processingErrors(
          knex,
        )}`;
        if (mode === 'incremental') {
          throw new Error(`${label} ${detail}\n${backend.log.tail()}`);
        }
        failure = detail;
        progress(`${label} ${failure}`);
        break;
      }

      if (now - lastReport >= 10_000) {
        const rate =
          (queryable - lastReportQueryable) / ((now - lastReport) / 1000);
        progress(
          `${label} t+${(seconds(now) ?? 0).toFixed(
            0,
          )} s: GitHub pages ${pagesRead}/${pages}; catalog rows ${
            counts.handed
          } handed over, ${counts.processed} processed, ${
            counts.stitched
          } stitched; ${queryable}/${n} queryable (${Math.round(
            rate,
          )}/s); RSS ${Math.round(lastRss)} MiB (peak ${Math.round(
            peakRss,
          )}); ${cpuReport(lastCpu, cpuNow)}`,
        );
        lastReport = now;
        lastReportQueryable = queryable;
        lastCpu = cpuNow;
      }
    }

    // The peak until now: the kernel's high-water mark, or the samples
    // (the last ones, when the process is gone).
    sampling = false;
    const memory = memoryOf(backend.pid);
    const peakRssMiB = Math.max(peakRss, memory?.peak ?? lastHwm);
    const endCpu = cpuSnapshot(backend.pid);
    const end = performance.now();
    const stats = github.control.stats();
    const restRequests = stats.byResource.core ?? 0;
    progress(
      `${label} ${
        failure ? `FAILED: ${failure}` : 'done'
      }; peak RSS ${Math.round(peakRssMiB)} MiB (${Math.round(
        baselineRss ?? 0,
      )} MiB at the first GitHub page); backend started in ${(
        ((firstPageAt ?? end) - spawnedAt) /
        1000
      ).toFixed(1)} s before the first page`,
    );
    progress(
      `${label} from the first GitHub page: source read in ${fmt(
        seconds(lastPageAt),
      )} s; ≥ ${n} catalog rows handed over at ${fmt(
        seconds(reached.handed),
      )} s, processed at ${fmt(
        seconds(reached.processed),
      )} s, stitched at ${fmt(
        seconds(reached.stitched),
      )} s; provider entities queryable at ${fmt(
        seconds(providerDoneAt),
      )} s, with the ${locations} catalog-info.yaml components at ${fmt(
        seconds(allDoneAt),
      )} s; ${cpuReport(startCpu, endCpu)}`,
    );
    if (bursts > 0) {
      progress(
        `${label} incremental engine: ${bursts} bursts, ${burstBatches} pages, ${(
          burstMs / 1000
        ).toFixed(1)} s in bursts`,
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
      mode,
      n,
      queryable,
      peakRssMiB,
      locations,
      sourceReadSeconds: seconds(lastPageAt),
    };
    if (failure) {
      result.failure = failure;
      result.queryable = await stitchedOf(knex, provider);
      result.failedAfterSeconds = seconds(end) ?? (end - spawnedAt) / 1000;
      return result;
    }
    result.providerSeconds = seconds(providerDoneAt);
    result.allSeconds = seconds(allDoneAt);
    if (options.afterIngestion) await options.afterIngestion(backend);
    return result;
  } finally {
    sampling = false;
    clearInterval(sampler);
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

function fmt(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}

// --- queries and the catalog page --------------------------------------------

/** A signed-in person's token, as the app gets it (guest sign-in). */
async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in failed: HTTP ${res.status} ${(await res.text()).slice(
        0,
        200,
      )}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

const QUERY_CASES = [
  {
    name: 'by_query',
    what: 'first page of all entities by name',
    query: 'limit=20&orderField=metadata.name,asc',
  },
  {
    name: 'by_query_component',
    what: 'first page of components by name',
    query: 'limit=20&orderField=metadata.name,asc&filter=kind=component',
  },
  {
    name: 'by_query_component_no_total',
    what: 'the same without totalItems, as the catalog page asks for its rows',
    query:
      'limit=20&orderField=metadata.name,asc&filter=kind=component&totalItems=exclude',
  },
];

async function measureQueries(
  backend: Backend,
  n: number,
  metrics: Record<string, BenchMetric>,
) {
  const token = await guestToken(backend.baseUrl);
  const target = n === TARGET_SIZE ? TARGET_BY_QUERY_P95_MS : null;
  for (const c of QUERY_CASES) {
    const url = `/api/catalog/entities/by-query?${c.query}`;
    const times: number[] = [];
    for (let run = -5; run < QUERY_RUNS; run++) {
      const started = performance.now();
      const res = await api(backend.baseUrl, url, token);
      const body = await res.json();
      const ms = performance.now() - started;
      if (!res.ok || !Array.isArray(body.items)) {
        throw new Error(
          `${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
      if (body.items.length !== Math.min(20, n)) {
        throw new Error(`${url} returned ${body.items.length} entities`);
      }
      if (run >= 0) times.push(ms); // 5 warm-up requests first
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  ${
        c.what
      } (as the signed-in guest, ${QUERY_RUNS} requests): p50 ${p50.toFixed(
        1,
      )} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    );
    metrics[`${c.name}_p50_ms`] = metric(round(p50, 1), 'ms', 'lower');
    metrics[`${c.name}_p95_ms`] = metric(round(p95, 1), 'ms', 'lower', target);
  }
}

/**
 * The catalog page in Chromium, signed in as the guest: from the start of
 * the navigation until the first row of entities is in the table, over
 * PAGE_RUNS loads with the browser's cache warm (a returning visitor).
 */
async function measureCatalogPage(
  backend: Backend,
  n: number,
  dir: string,
  metrics: Record<string, BenchMetric>,
  notes: string[],
) {
  const name = 'catalog_page_first_rows_ms';
  const target = n === TARGET_SIZE ? TARGET_PAGE_FIRST_ROWS_MS : null;
  const skip = (why: string) => {
    progress(`  catalog page: skipped (${why})`);
    metrics[name] = metric(null, 'ms', 'lower', target);
    notes.push(`${name} is null: ${why}`);
  };
  if (!fs.existsSync(path.join(APP_DIST, 'index.html'))) {
    skip(
      `there is no app build in packages/app/dist (run \`yarn workspace app build\` or \`yarn build:backend\` first)`,
    );
    return;
  }
  if (!fs.existsSync(CHROMIUM)) {
    skip(
      `no Chromium at ${CHROMIUM} (CHROMIUM_PATH; scripts/env.sh ensure_chromium installs it)`,
    );
    return;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL: backend.baseUrl,
      viewport: { width: 1400, height: 900 },
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    // When the first entity row shows, in ms since the navigation started.
    await page.addInitScript(() => {
      const w = window as unknown as { __benchFirstRowAt?: number };
      const check = () => {
        if (w.__benchFirstRowAt !== undefined) return;
        if (document.querySelector('table tbody tr a[href*="/catalog/"]')) {
          // window.performance: `performance` here would be the bench's
          // import from node:perf_hooks once compiled.
          w.__benchFirstRowAt = window.performance.now();
          clearInterval(timer);
        }
      };
      // Every 10 ms from the start of the document: the figure is a few ms
      // late at most.
      const timer = setInterval(check, 10);
    });
    const apiCalls: string[] = [];
    page.on('requestfinished', request => {
      if (!request.url().includes('/api/catalog/')) return;
      const timing = request.timing();
      apiCalls.push(
        `${request.method()} ${request
          .url()
          .replace(backend.baseUrl, '')
          .slice(0, 160)} ${Math.round(timing.responseEnd)} ms`,
      );
    });

    // Sign in as a person would (see packages/app/e2e-tests/signIn.ts).
    await page.goto('/');
    const guest = page.getByRole('button', { name: 'Enter' });
    await guest.click();
    await guest.waitFor({ state: 'hidden' });
    await page
      .getByRole('link', { name: 'Catalog', exact: true })
      .first()
      .waitFor();

    const times: number[] = [];
    for (let run = 0; run < PAGE_RUNS; run++) {
      apiCalls.length = 0;
      await page.goto(CATALOG_PAGE_PATH, { waitUntil: 'commit' });
      await page.waitForFunction(
        () =>
          (window as unknown as { __benchFirstRowAt?: number })
            .__benchFirstRowAt !== undefined,
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      const ms = await page.evaluate(
        () =>
          (window as unknown as { __benchFirstRowAt: number })
            .__benchFirstRowAt,
      );
      const rows = await page.getByRole('row').count();
      if (rows < 2) {
        throw new Error(`the catalog table has ${rows} rows (header only)`);
      }
      times.push(ms);
      progress(
        `  catalog page load ${run + 1}: first rows after ${Math.round(
          ms,
        )} ms (${rows - 1} rows)${
          run === 0 ? `; its catalog requests: ${apiCalls.join('; ')}` : ''
        }`,
      );
    }
    const p50 = percentile(times, 50);
    metrics[name] = metric(round(p50, 0), 'ms', 'lower', target);
    metrics.catalog_page_first_rows_max_ms = metric(
      round(Math.max(...times), 0),
      'ms',
      'lower',
    );
  } catch (error) {
    const shot = path.join(dir, 'catalog-page.png');
    const open = browser.contexts().flatMap(c => c.pages())[0];
    await open?.screenshot({ path: shot }).catch(() => undefined);
    const text = await open
      ?.evaluate(() => document.body.innerText.replace(/\s+/g, ' '))
      .catch(() => '');
    progress(`  the page at ${open?.url()} shows: ${text?.slice(0, 600)}`);
    skip(`the catalog page measurement failed (${error}); screenshot ${shot}`);
    // The other figures of a long run are kept; the exit code says so.
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

// --- main --------------------------------------------------------------------

async function main() {
  const metrics: Record<string, BenchMetric> = {};
  const notes: string[] = [];
  const serveApp = fs.existsSync(path.join(APP_DIST, 'index.html'));
  const querySize = SIZES[SIZES.length - 1];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-ingestion-'));
  let failed = false;

  const settings = [
    `backend under test: its own process (bench/catalog-ingestion/backend.ts) with --max-old-space-size=${HEAP_MIB}, NODE_ENV=production, Postgres (its own database, plugin division by schema), the catalog, auth (guest), the permission framework (allow-all policy) and ${
      serveApp
        ? 'the app backend serving packages/app/dist'
        : 'no app (packages/app/dist missing)'
    }`,
    `catalog.processingInterval ${PROCESSING_INTERVAL_SECONDS} s (the portal's config sets none: the catalog's default is 100-150 s)`,
    `incremental provider with the module's default schedule (bursts of 3 minutes every 30 s) and pages of ${PAGE_SIZE}; full-mutation provider: the same GraphQL pages and entity mapping, one applyMutation({ type: 'full' }) of every entity`,
    `seconds are from the provider's first GitHub page until every provider entity (one per repository: Components, and Locations for repositories with a catalog-info.yaml) is queryable through /entities/by-query; *_all_seconds until the catalog-info.yaml Components are too; entities_per_s = N / seconds`,
    `local GitHub in the bench process (seed ${SEED}) without rate limits, so that GitHub's budget does not pace the run`,
  ];
  if (serveApp) {
    settings.push(
      `app bundle: packages/app/dist built ${fs
        .statSync(path.join(APP_DIST, 'index.html'))
        .mtime.toISOString()}`,
    );
  }
  notes.push(...settings);
  progress(
    `catalog-ingestion bench: N = ${SIZES.join(', ')}; ${MODES.join(
      ' and ',
    )}; queries and catalog page at N = ${querySize}\n  ${settings.join(
      '\n  ',
    )}`,
  );
  if (SIZES.some(n => n !== TARGET_SIZE) || !SIZES.includes(TARGET_SIZE)) {
    progress(
      `  targets apply at N = ${TARGET_SIZE} only${
        SIZES.includes(TARGET_SIZE)
          ? ''
          : ' (not measured in this run: do not keep its results)'
      }`,
    );
  }

  try {
    for (const n of SIZES) {
      const github = await startGitHubServer({
        repoCount: n,
        seed: SEED,
        token: GITHUB_TOKEN,
        rateLimit: { limit: 1_000_000_000, windowSeconds: 3600 },
      });
      try {
        const results: Partial<Record<Mode, RunResult>> = {};
        for (const mode of MODES) {
          const measureAfter =
            n === querySize &&
            (mode === 'incremental' || !MODES.includes('incremental'));
          const afterIngestion: AfterIngestion | undefined = measureAfter
            ? async backend => {
                progress(
                  `[${mode} ${n}] by-query latency and the catalog page, backend still up`,
                );
                await measureQueries(backend, n, metrics);
                await measureCatalogPage(backend, n, dir, metrics, notes);
              }
            : undefined;
          results[mode] = await ingest({
            mode,
            n,
            github,
            dir,
            serveApp,
            afterIngestion,
          });
        }
        record(n, results, metrics, notes);
      } finally {
        await github.close();
      }
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (KEEP || failed || process.exitCode) {
      progress(`backend configs and logs kept in ${dir}`);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const file = writeCatalogResults(metrics, notes);
  progress(`results written to ${file}`);
  const known = Object.fromEntries(
    Object.entries(metrics).filter(
      (entry): entry is [string, Metric] => entry[1].value !== null,
    ),
  );
  printTable(known);
  for (const note of notes.filter(n => / is null: /.test(n))) {
    process.stdout.write(`${note}\n`);
  }
}

function record(
  n: number,
  results: Partial<Record<Mode, RunResult>>,
  metrics: Record<string, BenchMetric>,
  notes: string[],
) {
  const atTarget = n === TARGET_SIZE;
  const inc = results.incremental;
  if (inc?.providerSeconds !== undefined) {
    metrics[`incremental_${n}_seconds`] = metric(
      round(inc.providerSeconds, 1),
      's',
      'lower',
    );
    metrics[`incremental_${n}_entities_per_s`] = metric(
      round(n / inc.providerSeconds, 0),
      'entities/s',
      'higher',
      atTarget ? TARGET_ENTITIES_PER_S : null,
    );
    if (inc.allSeconds !== undefined) {
      metrics[`incremental_${n}_all_seconds`] = metric(
        round(inc.allSeconds, 1),
        's',
        'lower',
      );
    }
    if (inc.sourceReadSeconds !== undefined) {
      metrics[`incremental_${n}_source_read_seconds`] = metric(
        round(inc.sourceReadSeconds, 1),
        's',
        'lower',
      );
    }
    metrics[`incremental_${n}_peak_rss_mib`] = metric(
      round(inc.peakRssMiB, 0),
      'MiB',
      'lower',
      atTarget ? TARGET_PEAK_RSS_MIB : null,
    );
  }
  const full = results.full;
  if (full) {
    metrics[`full_mutation_${n}_failed`] = metric(
      full.failure ? 1 : 0,
      'bool',
      'lower',
    );
    if (full.failure) {
      metrics[`full_mutation_${n}_failed_after_seconds`] = metric(
        round(full.failedAfterSeconds ?? 0, 1),
        's',
        'higher',
      );
      metrics[`full_mutation_${n}_entities_at_failure`] = metric(
        full.queryable,
        'entities',
        'higher',
      );
      notes.push(
        `full_mutation_${n}: ${full.failure} after ${round(
          full.failedAfterSeconds ?? 0,
          1,
        )} s, ${
          full.queryable
        } of ${n} entities queryable; its peak RSS is the peak until then`,
      );
    } else if (full.providerSeconds !== undefined) {
      metrics[`full_mutation_${n}_seconds`] = metric(
        round(full.providerSeconds, 1),
        's',
        'lower',
      );
      metrics[`full_mutation_${n}_entities_per_s`] = metric(
        round(n / full.providerSeconds, 0),
        'entities/s',
        'higher',
      );
      if (full.allSeconds !== undefined) {
        metrics[`full_mutation_${n}_all_seconds`] = metric(
          round(full.allSeconds, 1),
          's',
          'lower',
        );
      }
    }
    if (full.sourceReadSeconds !== undefined) {
      metrics[`full_mutation_${n}_source_read_seconds`] = metric(
        round(full.sourceReadSeconds, 1),
        's',
        'lower',
      );
    }
    metrics[`full_mutation_${n}_peak_rss_mib`] = metric(
      round(full.peakRssMiB, 0),
      'MiB',
      'lower',
    );
  }
  if (inc && full && inc.providerSeconds !== undefined) {
    metrics[`incremental_vs_full_rss_ratio_${n}`] = metric(
      round(inc.peakRssMiB / full.peakRssMiB, 3),
      'x',
      'lower',
    );
    if (!full.failure && full.providerSeconds !== undefined) {
      metrics[`incremental_vs_full_seconds_ratio_${n}`] = metric(
        round(inc.providerSeconds / full.providerSeconds, 3),
        'x',
        'lower',
      );
    }
  }
}

main().catch(error => {
  progress(`bench failed: ${error?.stack ?? error}`);
  process.exit(1);
});
