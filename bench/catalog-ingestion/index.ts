/*
 * Catalog ingestion: the portal's incremental GitHub provider
 * (plugins/catalog-backend-module-github-repos) against a full-mutation
 * provider over the same local GitHub (dev/github), each in a backend of
 * its own (backend.ts) on a fresh Postgres database, for N = 10,000 and
 * 100,000 repositories; at the largest N also the catalog API's first page
 * latency and the catalog page's time to first rows in Chromium. See
 * bench/README.md. One ingestion: ingest.ts and watch.ts; the queries and
 * the page: queries.ts and catalogPage.ts; the figures: record.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHubServer } from '@internal/dev-github';
import { keepOrRemove } from '../lib/backendProcess';
import { MaybeMetric, progress, reportResults } from '../lib/results';
import { runBench } from '../lib/run';
import { measureCatalogPage } from './catalogPage';
import { AfterIngestion, RunResult, ingest } from './ingest';
import { measureQueries } from './queries';
import { record } from './record';
import {
  APP_DIST,
  GITHUB_TOKEN,
  HEAP_MIB,
  KEEP,
  MODES,
  Mode,
  NAME,
  PAGE_SIZE,
  PROCESSING_INTERVAL_SECONDS,
  SEED,
  SIZES,
  TARGET_SIZE,
} from './settings';

async function main() {
  const metrics: Record<string, MaybeMetric> = {};
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
    keepOrRemove(
      dir,
      KEEP || failed || Boolean(process.exitCode),
      'backend configs and logs',
    );
  }

  reportResults(NAME, metrics, notes);
}

runBench(main);
