/*
 * The backend under test (backend.ts) on the bench's database: started,
 * serving the portal's tracks, its tables in the plugin's schema, and its
 * catalog serving every generated entity.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import { Backend, startBackend, waitForBackend } from '../lib/backendProcess';
import { freePort, memoryOf } from '../lib/processes';
import { progress } from '../lib/results';
import { sleep } from '../lib/run';
import { GeneratedCatalog } from './catalog';
import { countEntities, request } from './http';
import { API, API_TOKEN, SCHEMA, backendConfig } from './settings';

/** Starts the backend; `onLogLine` sees each line of its log. */
export async function startTechInsightsBackend(options: {
  dir: string;
  catalog: GeneratedCatalog;
  tracks: any[];
  onLogLine: (message: string) => void;
}): Promise<Backend> {
  const port = await freePort();
  const config = backendConfig({
    port,
    catalogFile: options.catalog.file,
    tracks: options.tracks,
  });
  progress(`starting the backend (logs in ${options.dir}/backend.log)`);
  return startBackend({
    script: path.join(__dirname, 'backend.ts'),
    port,
    config,
    configFile: path.join(options.dir, 'backend-config.json'),
    logFile: path.join(options.dir, 'backend.log'),
    onLogLine: options.onLogLine,
    logFields: ['plugin', 'service', 'task'],
  });
}

/** Up: the scorecards API answers with the portal's tracks. */
export async function waitUntilServing(
  backend: Backend,
  checkIds: string[],
  spawnedAt: number,
) {
  const served: any[] = await waitForBackend(backend, async () => {
    const reply = await request(
      backend.baseUrl,
      'GET',
      `${API}/scorecards/tracks`,
      API_TOKEN,
    );
    return reply.status === 200 ? reply.body.items ?? [] : undefined;
  });
  const servedChecks = served.flatMap((t: any) =>
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
    )} s, RSS ${Math.round(memoryOf(backend.pid)?.rss ?? 0)} MiB; ${
      served.length
    } tracks, ${servedChecks.length} checks`,
  );
}

/** The tech-insights tables are in their plugin's schema. */
export async function checkSchema(knex: Knex) {
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
}

/** Waits until the catalog serves every generated entity (600 s at most). */
export async function waitForCatalog(
  backend: Backend,
  catalog: GeneratedCatalog,
) {
  const catalogStarted = performance.now();
  let lastReport = catalogStarted;
  for (;;) {
    backend.log.poll();
    const exit = backend.exit();
    if (exit) {
      throw new Error(`the backend exited (${exit}):\n${backend.log.tail()}`);
    }
    const counts: Record<string, number> = {};
    for (const kind of Object.keys(catalog.counts)) {
      counts[kind] = await countEntities(backend.baseUrl, kind);
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
        `the catalog did not serve every entity within 600 s:\n${backend.log.tail()}`,
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
}
