/*
 * The catalog page in Chromium at the largest N: signed in as the guest,
 * from the start of the navigation until the first row of entities is in
 * the table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright';
import { Backend } from '../lib/backendProcess';
import {
  MaybeMetric,
  metric,
  percentile,
  progress,
  round,
} from '../lib/results';
import {
  APP_DIST,
  CATALOG_PAGE_PATH,
  CHROMIUM,
  PAGE_RUNS,
  TARGET_PAGE_FIRST_ROWS_MS,
  TARGET_SIZE,
} from './settings';

/**
 * The catalog page in Chromium, signed in as the guest: from the start of
 * the navigation until the first row of entities is in the table, over
 * PAGE_RUNS loads with the browser's cache warm (a returning visitor).
 */
export async function measureCatalogPage(
  backend: Backend,
  n: number,
  dir: string,
  metrics: Record<string, MaybeMetric>,
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
    const times = await loadCatalogPage(browser, backend);
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

/** PAGE_RUNS loads of the catalog page: ms until the first rows, each. */
async function loadCatalogPage(
  browser: Browser,
  backend: Backend,
): Promise<number[]> {
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
        (window as unknown as { __benchFirstRowAt: number }).__benchFirstRowAt,
    );
    const rows = await page.getByRole('row').count();
    if (rows < 2) {
      throw new Error(`the catalog table has ${rows} rows (header only)`);
    }
    times.push(ms);
    progress(
      `  catalog page load ${run + 1}: first rows after ${Math.round(ms)} ms (${
        rows - 1
      } rows)${
        run === 0 ? `; its catalog requests: ${apiCalls.join('; ')}` : ''
      }`,
    );
  }
  return times;
}
