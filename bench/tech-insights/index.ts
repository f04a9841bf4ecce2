/*
 * Tech insights: the scorecards module
 * (plugins/tech-insights-backend-module-scorecards) on the community
 * tech-insights backend, in a backend of its own (backend.ts) on a fresh
 * Postgres database, over N = 2,000 generated components and the portal's
 * 20 checks (app-config.yaml): a full scheduled evaluation side by side
 * with the community backend's on-demand `POST /checks/run` over the same
 * entities and checks, and the latency of what the component tab, the
 * squads matrix and a squad's page read. See bench/README.md. The data:
 * catalog.ts; the backend: setup.ts; the phases: evaluation.ts,
 * onDemand.ts and pages.ts; the figures: record.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FACT_SCHEMAS } from '../../plugins/tech-insights-backend-module-scorecards/src/retrievers/schemas';
import { Backend, guestToken, keepOrRemove } from '../lib/backendProcess';
import { dropDatabase, recreateDatabase } from '../lib/postgres';
import { memoryOf } from '../lib/processes';
import { Metric, progress, reportResults } from '../lib/results';
import { runBench } from '../lib/run';
import { seededRandom } from '../lib/stats';
import { generateCatalog, insertFacts } from './catalog';
import { measureEvaluations, measureFactsRead } from './evaluation';
import { agent } from './http';
import { checkAgreement, measureCommunityRun } from './onDemand';
import { measurePages } from './pages';
import { notesOf, record } from './record';
import {
  DATABASE,
  KEEP,
  N,
  NAME,
  SAMPLE_PAIRS,
  SEED,
  TARGET_N,
  checkIdsOf,
  portalTracks,
} from './settings';
import {
  checkSchema,
  startTechInsightsBackend,
  waitForCatalog,
  waitUntilServing,
} from './setup';

async function main() {
  const metrics: Record<string, Metric> = {};
  let notes: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tech-insights-bench-'));
  const tracks = portalTracks();
  const checkIds = checkIdsOf(tracks);
  const random = seededRandom(SEED + 2);
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
    const spawnedAt = performance.now();
    backend = await startTechInsightsBackend({
      dir,
      catalog,
      tracks,
      onLogLine: message => {
        if (/Evaluated \d+ entities/.test(message)) {
          evaluatedLogs.push(message);
        }
      },
    });
    await waitUntilServing(backend, checkIds, spawnedAt);
    await checkSchema(knex);

    const insertStarted = performance.now();
    const factRows = await insertFacts(knex, catalog);
    progress(
      `inserted ${factRows} facts rows (${
        catalog.components.length
      } components × ${Object.keys(FACT_SCHEMAS).length} retrievers) in ${(
        performance.now() - insertStarted
      ).toFixed(0)} ms`,
    );
    await waitForCatalog(backend, catalog);

    // 1. The floor: reading the latest facts.
    const factsReadMs = await measureFactsRead(knex);
    // 2. Full evaluations: the first on empty results, then steady state,
    // as a signed-in person (the route refuses service tokens).
    const token = await guestToken(backend.baseUrl);
    const evaluations = await measureEvaluations(
      backend,
      knex,
      token,
      checkIds.length,
      evaluatedLogs,
    );
    // 3. The community on-demand run over the same entities and checks.
    const community = await measureCommunityRun(backend, catalog, checkIds);
    const pairs = Array.from({ length: SAMPLE_PAIRS }, () => ({
      name: pick(catalog.components),
      checkId: pick(checkIds),
    }));
    await checkAgreement(backend, knex, community, checkIds, pairs);
    // 4. What the pages read, as a signed-in person.
    const pages = await measurePages({
      baseUrl: backend.baseUrl,
      token,
      catalog,
      tracks,
      pick,
    });

    const memory = memoryOf(backend.pid);
    backend.log.poll();
    if (backend.exit()) {
      throw new Error(
        `the backend exited (${backend.exit()}):\n${backend.log.tail()}`,
      );
    }
    progress(
      `backend RSS ${Math.round(memory?.rss ?? 0)} MiB, peak ${Math.round(
        memory?.peak ?? 0,
      )} MiB`,
    );

    const measured = {
      factsReadMs,
      ...evaluations,
      community,
      pages,
      peakRssMiB: memory?.peak ?? 0,
    };
    record(measured, metrics);
    notes = notesOf(measured, checkIds, tracks);
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
    keepOrRemove(dir, KEEP || failed, 'catalog, backend config and log');
  }

  reportResults(NAME, metrics, notes);
}

runBench(main);
