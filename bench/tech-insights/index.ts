/*
 * Tech insights: the scorecards module
 * (plugins/tech-insights-backend-module-scorecards) on the community
 * tech-insights backend, in a backend of its own (backend.ts) on a fresh
 * Postgres database, over N = 2,000 generated components and the portal's
 * 20 checks (app-config.yaml): a full scheduled evaluation side by side
 * with the community backend's on-demand `POST /checks/run` over the same
 * entities and checks, and the latency of what the component tab, the
 * squads matrix and a squad's page read. See bench/README.md.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  CATALOG_RETRIEVER_ID,
  DEAD_LETTERS_RETRIEVER_ID,
  FACT_SCHEMAS,
  GITHUB_RETRIEVER_ID,
} from '../../plugins/tech-insights-backend-module-scorecards/src/retrievers/schemas';
import { Metric, machine, percentile, progress, round } from '../lib/results';
import {
  POSTGRES_URL,
  dropDatabase,
  numberEnv,
  printTable,
  recreateDatabase,
  sleep,
} from '../lib/services';

const NAME = 'tech-insights';
const ROOT = path.resolve(__dirname, '../..');
const DATABASE = 'portal_bench_tech_insights';
/** Where the tech-insights tables are with plugin division by schema. */
const SCHEMA = 'tech-insights';

const N = numberEnv('BENCH_COMPONENTS', 2000);
const KEEP = process.env.BENCH_KEEP === '1';
const SEED = numberEnv('BENCH_SEED', 1);

/** The issue's targets, for 2,000 components and 20 checks. */
const TARGET_N = 2000;
const TARGET_SPEEDUP = 5;
const TARGET_TAB_P95_MS = 50;
const TARGET_MATRIX_P95_MS = 200;

const FACTS_READ_RUNS = 5;
const STEADY_RUNS = 3;
const SAMPLE_PAIRS = 50;
const TAB_WARMUP = 20;
const TAB_RUNS = 500;
const PAGE_RUNS = 200;
const MATRIX_RUNS = 200;
const GROUP_RUNS = 200;
const SERVICE_TAB_RUNS = 200;
/** Under express.json()'s default 100 kB limit of the community router. */
const MAX_CHECKS_RUN_BODY = 90_000;

const COLONIES = [
  'payments',
  'lending',
  'cards',
  'savings',
  'insurance',
  'wealth',
  'data',
  'platform',
];
const SQUADS = 40;
const SYSTEMS = 50;
const LIFECYCLES = [
  'production',
  'production',
  'production',
  'development',
  'experimental',
  'deprecated',
];

const API_TOKEN = randomBytes(24).toString('base64url');
const API = '/api/tech-insights';

// --- results -----------------------------------------------------------------

function metric(
  value: number,
  unit: string,
  better: Metric['better'],
  target: number | null = null,
): Metric {
  return { value, unit, target: N === TARGET_N ? target : null, better };
}

/** bench/results/tech-insights.json in the format of lib/results.ts, plus notes. */
function writeBenchResults(
  metrics: Record<string, Metric>,
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

// --- deterministic data ------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every run generates the same data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type GeneratedCatalog = {
  file: string;
  components: string[];
  squads: string[];
  /** Components with spec.system. */
  inSystem: Set<string>;
  counts: Record<'component' | 'group' | 'system' | 'domain' | 'user', number>;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The organisation (bank, 8 colonies, 40 squads), 8 domains with a tier,
 * 50 systems and N service components owned round-robin by the squads, as
 * one multi-document YAML file.
 */
function generateCatalog(dir: string): GeneratedCatalog {
  const random = prng(SEED);
  const docs: object[] = [];
  const entity = (kind: string, metadata: object, spec: object) =>
    docs.push({ apiVersion: 'backstage.io/v1alpha1', kind, metadata, spec });

  entity(
    'Group',
    { name: 'bank', description: 'The whole engineering organisation.' },
    { type: 'organisation', profile: { displayName: 'Bank' }, children: [] },
  );
  for (const colony of COLONIES) {
    entity(
      'Group',
      { name: `colony-${colony}` },
      {
        type: 'colony',
        profile: { displayName: `Colony ${colony}` },
        parent: 'bank',
        children: [],
      },
    );
  }
  const squads = Array.from(
    { length: SQUADS },
    (_, i) => `squad-${pad(i + 1, 2)}`,
  );
  squads.forEach((squad, i) =>
    entity(
      'Group',
      { name: squad },
      {
        type: 'squad',
        profile: { displayName: `Squad ${i + 1}` },
        parent: `colony-${COLONIES[i % COLONIES.length]}`,
        children: [],
      },
    ),
  );
  entity(
    'User',
    { name: 'guest' },
    { profile: { displayName: 'Guest' }, memberOf: [] },
  );
  COLONIES.forEach((colony, i) =>
    entity(
      'Domain',
      { name: colony, description: `The ${colony} business domain.` },
      { owner: `group:default/${squads[i]}`, tier: 1 + (i % 3) },
    ),
  );
  const systems = Array.from(
    { length: SYSTEMS },
    (_, i) => `system-${pad(i + 1, 2)}`,
  );
  systems.forEach((system, i) =>
    entity(
      'System',
      { name: system, description: `System ${i + 1}.` },
      {
        owner: `group:default/${squads[i % SQUADS]}`,
        domain: COLONIES[i % COLONIES.length],
      },
    ),
  );
  const components: string[] = [];
  const inSystem = new Set<string>();
  for (let i = 0; i < N; i++) {
    const name = `svc-${pad(i + 1, 5)}`;
    components.push(name);
    const squad = squads[i % SQUADS];
    const system =
      random() < 0.9 ? systems[Math.floor(random() * SYSTEMS)] : undefined;
    if (system) inSystem.add(name);
    entity(
      'Component',
      {
        name,
        description: `Service ${
          i + 1
        } of ${squad}, generated by the tech-insights bench.`,
        annotations: { 'github.com/project-slug': `bank/${name}` },
      },
      {
        type: 'service',
        lifecycle: LIFECYCLES[Math.floor(random() * LIFECYCLES.length)],
        owner: `group:default/${squad}`,
        ...(system ? { system } : {}),
      },
    );
  }
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(
    file,
    docs.map(doc => `---\n${stringifyYaml(doc)}`).join(''),
  );
  return {
    file,
    components,
    squads,
    inSystem,
    counts: {
      component: N,
      group: 1 + COLONIES.length + SQUADS,
      system: SYSTEMS,
      domain: COLONIES.length,
      user: 1,
    },
  };
}

/**
 * Every fact of the three retrievers' schemas for one component: random
 * but seeded, ~80% of the booleans true, so that levels spread from 0 to
 * the top of each track.
 */
function factsOf(
  name: string,
  inSystem: boolean,
  random: () => number,
): Record<string, Record<string, boolean | number>> {
  const yes = (p = 0.8) => random() < p;
  const deadLetters = random() < 0.85 ? 0 : 1 + Math.floor(random() * 50);
  const facts: Record<string, Record<string, boolean | number>> = {
    [CATALOG_RETRIEVER_ID]: {
      hasOwner: true,
      ownerIsSquad: yes(0.95),
      hasDescription: yes(),
      hasSystem: inSystem,
      hasLifecycle: yes(),
      domainHasTier: inSystem && yes(0.9),
      apisHaveDefinitions: yes(),
      providedApis: Math.floor(random() * 4),
      hasTechDocs: yes(),
    },
    [GITHUB_RETRIEVER_ID]: {
      repositoryFound: yes(0.97),
      hasReadme: yes(),
      hasCodeowners: yes(),
      hasCiWorkflow: yes(0.9),
      ciRunsTests: yes(),
      ciReportsCoverage: yes(),
      ciRunsStaticAnalysis: yes(),
      ciPassing: yes(),
      hasBranchProtection: yes(),
      requiresReviews: yes(),
      hasDependencyUpdates: yes(),
      daysSinceLastPush: Math.floor(random() * 401),
    },
    [DEAD_LETTERS_RETRIEVER_ID]: {
      unresolvedDeadLetters: deadLetters,
      oldestDeadLetterHours:
        deadLetters === 0 ? 0 : 1 + Math.floor(random() * 240),
    },
  };
  // Every fact of every schema, nothing else: what the retrievers write.
  for (const [id, schema] of Object.entries(FACT_SCHEMAS)) {
    const keys = Object.keys(facts[id] ?? {})
      .sort()
      .join();
    if (keys !== Object.keys(schema).sort().join()) {
      throw new Error(
        `the bench's ${id} facts of ${name} (${keys}) do not match the schema (${Object.keys(
          schema,
        )
          .sort()
          .join()}); update bench/tech-insights/index.ts`,
      );
    }
  }
  return facts;
}

/** Facts rows straight into the community backend's tables. */
async function insertFacts(knex: Knex, catalog: GeneratedCatalog) {
  const random = prng(SEED + 1);
  await knex(`${SCHEMA}.fact_schemas`)
    .insert(
      Object.entries(FACT_SCHEMAS).map(([id, schema]) => ({
        id,
        version: '1.0.0',
        schema: JSON.stringify(schema),
        entityFilter: JSON.stringify([{ kind: 'component' }]),
      })),
    )
    .onConflict(['id', 'version'])
    .ignore();
  // Whole seconds, as the community store keeps them.
  const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
  const rows: object[] = [];
  for (const name of catalog.components) {
    const facts = factsOf(name, catalog.inSystem.has(name), random);
    for (const [id, values] of Object.entries(facts)) {
      rows.push({
        id,
        version: '1.0.0',
        entity: `component:default/${name}`,
        facts: JSON.stringify(values),
        timestamp,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await knex(`${SCHEMA}.facts`).insert(rows.slice(i, i + 1000));
  }
  await knex.raw(`ANALYZE "${SCHEMA}".facts`);
  return rows.length;
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

type CpuSnapshot = {
  at: number;
  backend: number;
  postgres: Map<string, number>;
};

function cpuSnapshot(pid: number): CpuSnapshot {
  return {
    at: performance.now(),
    backend: cpuOf(pid),
    postgres: postgresCpu(),
  };
}

/** CPU seconds used between two snapshots, by the backend and Postgres. */
function cpuReport(before: CpuSnapshot, after: CpuSnapshot): string {
  let postgres = 0;
  for (const [pid, cpu] of after.postgres) {
    postgres += Math.max(0, cpu - (before.postgres.get(pid) ?? 0));
  }
  const backend = Math.max(0, after.backend - before.backend);
  return `CPU: backend ${backend.toFixed(1)} s, Postgres ${postgres.toFixed(
    1,
  )} s over ${((after.at - before.at) / 1000).toFixed(1)} s`;
}

/** Reads the backend's log as it grows: errors, module messages, last lines. */
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
      const extra = [entry.plugin, entry.service, entry.task]
        .filter(Boolean)
        .join('/');
      return {
        level: entry.level,
        message: `${entry.level} ${extra ? `${extra}: ` : ''}${entry.message}`,
      };
    }
  } catch {
    // Not JSON: a plain line (stderr of node itself).
  }
  return { message: raw };
}

// --- the backend under test --------------------------------------------------

/** The portal's tracks, from the root app-config.yaml. */
function portalTracks(): any[] {
  const appConfig = parseYaml(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const tracks = appConfig?.techInsights?.scorecards?.tracks;
  if (!Array.isArray(tracks) || tracks.length === 0) {
    throw new Error('app-config.yaml has no techInsights.scorecards.tracks');
  }
  return tracks;
}

function checkIdsOf(tracks: any[]): string[] {
  return tracks.flatMap(t =>
    t.levels.flatMap((l: any) => l.checks.map((c: any) => c.id as string)),
  );
}

function backendConfig(options: {
  port: number;
  catalogFile: string;
  tracks: any[];
}) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: options.port },
      database: {
        client: 'pg',
        connection: `${POSTGRES_URL.replace(/\/$/, '')}/${DATABASE}`,
        pluginDivisionMode: 'schema',
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: API_TOKEN, subject: 'tech-insights-bench' },
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
    // Never called: no fact retriever is scheduled.
    integrations: { github: [{ host: 'github.com' }] },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'Domain',
            'Group',
            'User',
            'API',
            'Location',
            'Resource',
          ],
        },
      ],
      locations: [{ type: 'file', target: options.catalogFile }],
      // Processed once; no re-processing competes with the measurements.
      processingInterval: { minutes: 30 },
    },
    techInsights: {
      // No techInsights.factRetrievers: no retriever is scheduled, the
      // bench writes the facts.
      scorecards: {
        // Not during the measurement: the bench runs POST /evaluate.
        schedule: {
          frequency: { hours: 24 },
          initialDelay: { hours: 24 },
          timeout: { minutes: 30 },
        },
        tracks: options.tracks,
      },
    },
  };
}

type Backend = {
  pid: number;
  baseUrl: string;
  log: LogTail;
  exit: () => string | undefined;
  stop: () => Promise<void>;
};

function startBackend(options: {
  port: number;
  config: object;
  dir: string;
  onLogLine: (message: string) => void;
}): Backend {
  const configFile = path.join(options.dir, 'backend-config.json');
  const logFile = path.join(options.dir, 'backend.log');
  fs.writeFileSync(configFile, JSON.stringify(options.config, null, 2));
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('APP_CONFIG_')) delete env[key];
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
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

// --- HTTP ----------------------------------------------------------------------

/** Keep-alive, and no client-side timeout (the on-demand run is long). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

type Reply = { status: number; body: any; ms: number; bytes: number };

/** One request with JSON in and out; ms until the body is read and parsed. */
function request(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  token: string,
  body?: unknown,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${pathAndQuery}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (an error page): kept as text.
          }
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            ms: performance.now() - started,
            bytes: text.length,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The same, failing on anything but 2xx. */
async function ok(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  token: string,
  body?: unknown,
): Promise<Reply> {
  const reply = await request(baseUrl, method, pathAndQuery, token, body);
  if (reply.status < 200 || reply.status >= 300) {
    throw new Error(
      `${method} ${pathAndQuery}: HTTP ${reply.status} ${JSON.stringify(
        reply.body,
      ).slice(0, 400)}`,
    );
  }
  return reply;
}

async function countEntities(baseUrl: string, kind: string): Promise<number> {
  const reply = await ok(
    baseUrl,
    'GET',
    `/api/catalog/entities/by-query?limit=0&filter=kind=${kind}`,
    API_TOKEN,
  );
  return reply.body.totalItems as number;
}

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

// --- measurements ------------------------------------------------------------

function median(values: number[]): number {
  return percentile(values, 50);
}

/** p50 and p95 of `runs` sequential calls of `fn` (ms each), after `warmup`. */
async function latency(
  what: string,
  runs: number,
  warmup: number,
  fn: (run: number) => Promise<number>,
): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (let run = -warmup; run < runs; run++) {
    const ms = await fn(run);
    if (run >= 0) times.push(ms);
  }
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

/**
 * The latest facts of every component as FactsReader reads them (the same
 * query, the JSON parsed and merged per entity): the floor of an
 * evaluation, which needs at least these.
 */
async function readLatestFacts(knex: Knex): Promise<number> {
  const ids = Object.keys(FACT_SCHEMAS);
  const { rows } = (await knex.raw(
    `SELECT f.entity, f.facts FROM "${SCHEMA}".facts AS f
     INNER JOIN (
       SELECT id AS latest_id, entity AS latest_entity,
              max(timestamp) AS latest_timestamp
       FROM "${SCHEMA}".facts
       WHERE id IN (${ids.map(() => '?').join(', ')})
       GROUP BY id, entity
     ) AS m
       ON f.id = m.latest_id AND f.entity = m.latest_entity
      AND f.timestamp = m.latest_timestamp`,
    ids,
  )) as { rows: Array<{ entity: string; facts: string }> };
  const merged = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const ref = row.entity.toLocaleLowerCase('en-US');
    merged.set(ref, { ...merged.get(ref), ...JSON.parse(row.facts) });
  }
  return merged.size;
}

type EvaluationSummary = {
  evaluatedAt: string;
  entities: number;
  results: number;
  durationMs: number;
};

type ChecksRunItem = {
  entity: string;
  error?: unknown;
  results: Array<{ result: boolean; check: { id: string } }>;
};

// --- main --------------------------------------------------------------------

async function main() {
  const metrics: Record<string, Metric> = {};
  const notes: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tech-insights-bench-'));
  const tracks = portalTracks();
  const checkIds = checkIdsOf(tracks);
  const random = prng(SEED + 2);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  progress(
    `tech-insights bench: ${N} components × ${checkIds.length} checks (${
      tracks.length
    } tracks from app-config.yaml), seed ${SEED}${
      N === TARGET_N
        ? ''
        : `; the targets apply at ${TARGET_N} components only (do not keep this run's results)`
    }`,
  );
  const catalog = generateCatalog(dir);
  progress(
    `generated ${Object.values(catalog.counts).reduce(
      (a, b) => a + b,
      0,
    )} entities in ${catalog.file} (${(
      fs.statSync(catalog.file).size / 1024
    ).toFixed(0)} KiB)`,
  );

  const knex = await recreateDatabase(DATABASE);
  let backend: Backend | undefined;
  let failed = false;
  const evaluatedLogs: string[] = [];
  try {
    const port = await freePort();
    const config = backendConfig({
      port,
      catalogFile: catalog.file,
      tracks,
    });
    progress(`starting the backend (logs in ${dir}/backend.log)`);
    const spawnedAt = performance.now();
    backend = startBackend({
      port,
      config,
      dir,
      onLogLine: message => {
        if (/Evaluated \d+ entities/.test(message)) {
          evaluatedLogs.push(message);
        }
      },
    });
    const b = backend;
    const baseUrl = b.baseUrl;

    // Up: the scorecards API answers with the portal's tracks.
    let served: any[] | undefined;
    for (;;) {
      b.log.poll();
      const exit = b.exit();
      if (exit) {
        throw new Error(
          `the backend exited while starting (${exit}):\n${b.log.tail()}`,
        );
      }
      const reply = await request(
        baseUrl,
        'GET',
        `${API}/scorecards/tracks`,
        API_TOKEN,
      ).catch(() => undefined);
      if (reply?.status === 200) {
        served = reply.body.items;
        break;
      }
      if (performance.now() - spawnedAt > 300_000) {
        throw new Error(
          `the backend did not start within 300 s:\n${b.log.tail()}`,
        );
      }
      await sleep(500);
    }
    const servedChecks = (served ?? []).flatMap((t: any) =>
      t.levels.flatMap((l: any) => l.checks.map((c: any) => c.id)),
    );
    if (servedChecks.join() !== checkIds.join()) {
      throw new Error(
        `the backend serves checks ${servedChecks.join()}, not app-config.yaml's ${checkIds.join()}`,
      );
    }
    progress(
      `backend up after ${((performance.now() - spawnedAt) / 1000).toFixed(
        1,
      )} s, RSS ${Math.round(memoryOf(b.pid)?.rss ?? 0)} MiB; ${
        served?.length
      } tracks, ${servedChecks.length} checks`,
    );

    // The tech-insights tables are in their plugin's schema.
    const { rows: where } = await knex.raw(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_name IN ('facts', 'fact_schemas', 'scorecard_results')`,
    );
    const schemas = new Set(
      (where as Array<{ table_schema: string }>).map(r => r.table_schema),
    );
    if (where.length !== 3 || schemas.size !== 1 || !schemas.has(SCHEMA)) {
      throw new Error(
        `expected facts, fact_schemas and scorecard_results in schema "${SCHEMA}", found ${JSON.stringify(
          where,
        )}`,
      );
    }
    progress(
      `facts, fact_schemas and scorecard_results are in schema "${SCHEMA}"`,
    );

    const insertStarted = performance.now();
    const factRows = await insertFacts(knex, catalog);
    progress(
      `inserted ${factRows} facts rows (${
        catalog.components.length
      } components × ${Object.keys(FACT_SCHEMAS).length} retrievers) in ${(
        performance.now() - insertStarted
      ).toFixed(0)} ms`,
    );

    // The catalog serves every generated entity.
    const catalogStarted = performance.now();
    let lastReport = catalogStarted;
    for (;;) {
      b.log.poll();
      const exit = b.exit();
      if (exit) {
        throw new Error(`the backend exited (${exit}):\n${b.log.tail()}`);
      }
      const counts: Record<string, number> = {};
      for (const kind of Object.keys(catalog.counts)) {
        counts[kind] = await countEntities(baseUrl, kind);
      }
      const done = Object.entries(catalog.counts).every(
        ([kind, n]) => counts[kind] >= n,
      );
      const now = performance.now();
      if (done || now - lastReport > 10_000) {
        progress(
          `  catalog: ${Object.entries(counts)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ')}`,
        );
        lastReport = now;
      }
      if (done) break;
      if (now - catalogStarted > 600_000) {
        throw new Error(
          `the catalog did not serve every entity within 600 s:\n${b.log.tail()}`,
        );
      }
      await sleep(1000);
    }
    progress(
      `catalog complete after ${(
        (performance.now() - catalogStarted) /
        1000
      ).toFixed(1)} s`,
    );

    // 1. The floor: reading the latest facts.
    const factsReads: number[] = [];
    for (let run = 0; run < FACTS_READ_RUNS; run++) {
      const started = performance.now();
      const entities = await readLatestFacts(knex);
      factsReads.push(performance.now() - started);
      if (entities !== N) {
        throw new Error(`the facts read found ${entities} entities, not ${N}`);
      }
    }
    const factsReadMs = median(factsReads);
    progress(
      `facts read (median of ${FACTS_READ_RUNS}): ${factsReadMs.toFixed(
        1,
      )} ms [${factsReads.map(ms => ms.toFixed(0)).join(', ')}]`,
    );

    // 2. Full evaluations: the first on empty results, then steady state.
    const [{ count: before }] = (
      await knex.raw(`SELECT count(*) FROM "${SCHEMA}".scorecard_results`)
    ).rows;
    if (Number(before) !== 0) {
      throw new Error(`scorecard_results holds ${before} rows before the run`);
    }
    const evaluate = async (label: string) => {
      const cpu = cpuSnapshot(b.pid);
      const reply = await ok(
        baseUrl,
        'POST',
        `${API}/scorecards/evaluate`,
        API_TOKEN,
      );
      const summary = reply.body as EvaluationSummary;
      if (summary.entities !== N || summary.results !== N * checkIds.length) {
        throw new Error(
          `${label}: evaluated ${summary.entities} entities and ${
            summary.results
          } results, expected ${N} and ${N * checkIds.length}`,
        );
      }
      b.log.poll();
      progress(
        `  ${label}: ${reply.ms.toFixed(0)} ms (backend: ${
          summary.durationMs
        } ms); ${cpuReport(cpu, cpuSnapshot(b.pid))}${
          evaluatedLogs.length
            ? `; ${evaluatedLogs[evaluatedLogs.length - 1]}`
            : ''
        }`,
      );
      return { wallMs: reply.ms, backendMs: summary.durationMs };
    };
    progress('full evaluation (POST /scorecards/evaluate)');
    const first = await evaluate('first, on empty results');
    const steady: Array<{ wallMs: number; backendMs: number }> = [];
    for (let run = 1; run <= STEADY_RUNS; run++) {
      steady.push(await evaluate(`steady ${run}, nothing changed`));
    }
    const steadyMs = median(steady.map(s => s.wallMs));

    // 3. The community on-demand run over the same entities and checks.
    const refs = catalog.components.map(name => `component:default/${name}`);
    const batches: string[][] = [];
    let batch: string[] = [];
    let size = 0;
    for (const ref of refs) {
      if (size + ref.length + 3 > MAX_CHECKS_RUN_BODY && batch.length) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(ref);
      size += ref.length + 3;
    }
    if (batch.length) batches.push(batch);
    progress(
      `community on-demand run (POST /checks/run, ${refs.length} entities × ${
        checkIds.length
      } checks${batches.length > 1 ? `, in ${batches.length} requests` : ''})`,
    );
    const communityCpu = cpuSnapshot(b.pid);
    let communityMs = 0;
    let communityBytes = 0;
    const items: ChecksRunItem[] = [];
    for (const entities of batches) {
      const reply = await ok(baseUrl, 'POST', `${API}/checks/run`, API_TOKEN, {
        entities,
        checks: checkIds,
      });
      communityMs += reply.ms;
      communityBytes += reply.bytes;
      items.push(...(reply.body as ChecksRunItem[]));
    }
    progress(
      `  ${communityMs.toFixed(0)} ms, ${(communityBytes / 1024 ** 2).toFixed(
        1,
      )} MiB of JSON; ${cpuReport(communityCpu, cpuSnapshot(b.pid))}`,
    );
    const errors = items.filter(item => item.error);
    if (items.length !== N || errors.length) {
      throw new Error(
        `/checks/run returned ${items.length} entities (expected ${N}), ${
          errors.length
        } with errors${
          errors.length
            ? `, e.g. ${JSON.stringify(errors[0]).slice(0, 400)}`
            : ''
        }`,
      );
    }
    const community = new Map<string, Map<string, boolean>>();
    const passedByCheck = new Map<string, number>(checkIds.map(id => [id, 0]));
    let passed = 0;
    let failedChecks = 0;
    for (const item of items) {
      if (item.results.length !== checkIds.length) {
        throw new Error(
          `/checks/run evaluated ${item.results.length} checks of ${item.entity}, not ${checkIds.length} (facts missing?)`,
        );
      }
      const byCheck = new Map<string, boolean>();
      for (const r of item.results) {
        byCheck.set(r.check.id, r.result);
        if (r.result) {
          passed += 1;
          passedByCheck.set(
            r.check.id,
            (passedByCheck.get(r.check.id) ?? 0) + 1,
          );
        } else {
          failedChecks += 1;
        }
      }
      community.set(item.entity.toLocaleLowerCase('en-US'), byCheck);
    }
    progress(
      `  community: ${passed} checks passed, ${failedChecks} failed (${(
        (passed / (passed + failedChecks)) *
        100
      ).toFixed(1)}% passed)`,
    );

    // Both sides evaluated the same: per check over all components, and
    // 50 entity × check pairs through the component tab's endpoint.
    const { rows: stored } = await knex.raw(
      `SELECT check_id, count(*) FILTER (WHERE raw_state = 'passed') AS passed,
              count(*) AS total
       FROM "${SCHEMA}".scorecard_results GROUP BY check_id`,
    );
    const disagreements = checkIds.filter(id => {
      const row = (stored as Array<{ check_id: string; passed: string }>).find(
        r => r.check_id === id,
      );
      return Number(row?.passed ?? -1) !== passedByCheck.get(id);
    });
    if (disagreements.length) {
      throw new Error(
        `scorecards and /checks/run disagree on how many components pass ${disagreements
          .map(
            id =>
              `${id} (scorecards ${
                (stored as any[]).find(r => r.check_id === id)?.passed
              }, community ${passedByCheck.get(id)})`,
          )
          .join(', ')}`,
      );
    }
    const pairs = Array.from({ length: SAMPLE_PAIRS }, () => ({
      name: pick(catalog.components),
      checkId: pick(checkIds),
    }));
    for (const { name, checkId } of pairs) {
      const reply = await ok(
        baseUrl,
        'GET',
        `${API}/scorecards/entities/default/component/${name}`,
        API_TOKEN,
      );
      const state = (reply.body.tracks as any[])
        .flatMap(t => t.checks)
        .find((c: any) => c.checkId === checkId)?.state;
      const other = community.get(`component:default/${name}`)?.get(checkId);
      if (other === undefined) {
        throw new Error(
          `component:default/${name} ${checkId}: /checks/run has no result`,
        );
      }
      if ((state === 'passed') !== other) {
        throw new Error(
          `component:default/${name} ${checkId}: scorecards say ${state}, /checks/run says ${
            other ? 'passed' : 'failed'
          }`,
        );
      }
    }
    progress(
      `  scorecards and /checks/run agree: passes per check over all ${N} components, and ${SAMPLE_PAIRS} sampled entity × check pairs`,
    );

    // 4. What the pages read, as a signed-in person (the permission
    // framework is consulted, as for people).
    const token = await guestToken(baseUrl);
    const entityPath = (name: string) =>
      `${API}/scorecards/entities/default/component/${name}`;
    progress('reads as the signed-in guest');
    const tab = await latency(
      'component tab: GET /scorecards/entities/default/component/<random>',
      TAB_RUNS,
      TAB_WARMUP,
      async () => {
        const reply = await ok(
          baseUrl,
          'GET',
          entityPath(pick(catalog.components)),
          token,
        );
        if (reply.body.tracks?.length !== tracks.length) {
          throw new Error(
            `the entity scorecard has ${reply.body.tracks?.length} tracks`,
          );
        }
        return reply.ms;
      },
    );
    const page = await latency(
      'component tab page load: scorecard, /tracks, history, exemptions together',
      PAGE_RUNS,
      TAB_WARMUP,
      async () => {
        const name = pick(catalog.components);
        const started = performance.now();
        await Promise.all([
          ok(baseUrl, 'GET', entityPath(name), token),
          ok(baseUrl, 'GET', `${API}/scorecards/tracks`, token),
          ok(baseUrl, 'GET', `${entityPath(name)}/history`, token),
          ok(
            baseUrl,
            'GET',
            `${API}/scorecards/exemptions?entityRef=${encodeURIComponent(
              `component:default/${name}`,
            )}`,
            token,
          ),
        ]);
        return performance.now() - started;
      },
    );
    const matrix = await latency(
      'squads matrix: GET /scorecards/matrix',
      MATRIX_RUNS,
      5,
      async () => {
        const reply = await ok(
          baseUrl,
          'GET',
          `${API}/scorecards/matrix`,
          token,
        );
        if (reply.body.squads?.length !== SQUADS) {
          throw new Error(`the matrix has ${reply.body.squads?.length} squads`);
        }
        return reply.ms;
      },
    );
    const group = await latency(
      'squad page: GET /scorecards/groups/default/<random squad>',
      GROUP_RUNS,
      5,
      async () => {
        const reply = await ok(
          baseUrl,
          'GET',
          `${API}/scorecards/groups/default/${pick(catalog.squads)}`,
          token,
        );
        if (!Array.isArray(reply.body.components)) {
          throw new Error('the group scorecard has no components');
        }
        return reply.ms;
      },
    );
    progress(
      'the component tab with the static token (a service: no permission round-trip)',
    );
    const serviceTab = await latency(
      'component tab as a service',
      SERVICE_TAB_RUNS,
      TAB_WARMUP,
      async () =>
        (
          await ok(
            baseUrl,
            'GET',
            entityPath(pick(catalog.components)),
            API_TOKEN,
          )
        ).ms,
    );

    const memory = memoryOf(b.pid);
    b.log.poll();
    if (b.exit()) {
      throw new Error(`the backend exited (${b.exit()}):\n${b.log.tail()}`);
    }
    progress(
      `backend RSS ${Math.round(memory?.rss ?? 0)} MiB, peak ${Math.round(
        memory?.peak ?? 0,
      )} MiB`,
    );

    const speedup = communityMs / first.wallMs;
    metrics.facts_read_ms = metric(round(factsReadMs, 1), 'ms', 'lower');
    metrics.full_evaluation_first_ms = metric(
      round(first.wallMs, 0),
      'ms',
      'lower',
    );
    metrics.full_evaluation_ms = metric(round(steadyMs, 0), 'ms', 'lower');
    metrics.community_checks_run_ms = metric(
      round(communityMs, 0),
      'ms',
      'lower',
    );
    metrics.evaluation_speedup_vs_community = metric(
      round(speedup, 2),
      'x',
      'higher',
      TARGET_SPEEDUP,
    );
    metrics.evaluation_steady_speedup_vs_community = metric(
      round(communityMs / steadyMs, 2),
      'x',
      'higher',
    );
    metrics.evaluation_vs_facts_read = metric(
      round(steadyMs / factsReadMs, 1),
      'x',
      'lower',
    );
    metrics.component_tab_p50_ms = metric(round(tab.p50, 1), 'ms', 'lower');
    metrics.component_tab_p95_ms = metric(
      round(tab.p95, 1),
      'ms',
      'lower',
      TARGET_TAB_P95_MS,
    );
    metrics.component_tab_parallel_p50_ms = metric(
      round(page.p50, 1),
      'ms',
      'lower',
    );
    metrics.component_tab_parallel_p95_ms = metric(
      round(page.p95, 1),
      'ms',
      'lower',
    );
    metrics.component_tab_service_p95_ms = metric(
      round(serviceTab.p95, 1),
      'ms',
      'lower',
    );
    metrics.squads_matrix_p50_ms = metric(round(matrix.p50, 1), 'ms', 'lower');
    metrics.squads_matrix_p95_ms = metric(
      round(matrix.p95, 1),
      'ms',
      'lower',
      TARGET_MATRIX_P95_MS,
    );
    metrics.group_scorecard_p95_ms = metric(round(group.p95, 1), 'ms', 'lower');
    metrics.backend_peak_rss_mib = metric(
      round(memory?.peak ?? 0, 0),
      'MiB',
      'lower',
    );

    notes.push(
      `${N} components (type service, owned round-robin by 40 squads of 8 colonies, ~90% in one of 50 systems of 8 domains with a tier) × ${checkIds.length} checks of ${tracks.length} tracks (app-config.yaml); facts written straight into the facts table (one row per component and retriever, seeded random values); no fact retriever scheduled; the scorecards schedule held off (initialDelay 24 h)`,
      `backend under test: its own process (bench/tech-insights/backend.ts), NODE_ENV=production, workspace sources through Backstage's TypeScript transform, Postgres database ${DATABASE} with plugin division by schema (tech-insights tables in schema "${SCHEMA}"); the catalog, the community tech-insights backend with the scorecards module, auth (guest) and the permission framework with a policy that allows everything`,
      `full_evaluation_*: wall time of POST /scorecards/evaluate (evaluateAll(), as the schedule runs it: catalog read, facts read, evaluation, writes, group roll-ups) with the static token; backend-reported durationMs: first ${
        first.backendMs
      } ms, steady ${steady
        .map(s => s.backendMs)
        .join(
          ', ',
        )} ms; full_evaluation_ms is the median of ${STEADY_RUNS} runs that find nothing changed`,
      `community_checks_run_ms: POST /api/tech-insights/checks/run with all ${N} entities and all ${
        checkIds.length
      } check ids in ${
        batches.length
      } request(s) (the community router runs up to 100 entities at once), until its ${(
        communityBytes /
        1024 ** 2
      ).toFixed(
        1,
      )} MiB response is read; ${passed} checks passed and ${failedChecks} failed, the same passes per check as the scorecards' results, and the same state for ${SAMPLE_PAIRS} sampled entity × check pairs`,
      `evaluation_vs_facts_read is full_evaluation_ms (steady) over facts_read_ms (FactsReader's query of the latest facts of every component, JSON parsed and merged, from the bench, median of ${FACTS_READ_RUNS})`,
      `component_tab_*, squads_matrix_*, group_scorecard_*: sequential requests as the signed-in guest (a user token: each request asks the permission backend, whose allow-all policy allows it), after warm-up; component_tab_parallel_* is the tab's 4 requests (scorecard, /tracks, history, exemptions) sent together, until the last is read; component_tab_service_p95_ms is the tab's request with the static token, which the permission framework allows without asking the policy`,
      `backend_peak_rss_mib: the backend's VmHWM at the end of the run (startup, catalog processing and all measurements)`,
    );
    if (N !== TARGET_N) {
      notes.push(
        `targets apply at ${TARGET_N} components; this run had ${N}, so none is set`,
      );
    }
  } catch (error) {
    failed = true;
    if (backend) {
      progress(`the backend's last log lines:\n${backend.log.tail()}`);
    }
    throw error;
  } finally {
    agent.destroy();
    await backend?.stop();
    await knex.destroy();
    if (KEEP) {
      progress(`BENCH_KEEP=1: database ${DATABASE} kept`);
    } else {
      await dropDatabase(DATABASE).catch(error =>
        progress(`could not drop ${DATABASE}: ${error}`),
      );
    }
    if (KEEP || failed) {
      progress(`catalog, backend config and log kept in ${dir}`);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const file = writeBenchResults(metrics, notes);
  progress(`results written to ${file}`);
  printTable(metrics);
}

main().catch(error => {
  progress(`bench failed: ${error?.stack ?? error}`);
  process.exit(1);
});
