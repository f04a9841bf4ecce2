/*
 * The catalog-ingestion bench's options, the targets, and the
 * config of the backend under test (backend.ts) for one mode.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LocalGitHub } from '@internal/dev-github';
import { benchBackendConfig } from '../lib/backendProcess';
import { numberEnv } from '../lib/run';

export const NAME = 'catalog-ingestion';
const ROOT = path.resolve(__dirname, '../..');

export type Mode = 'incremental' | 'full';

export const SIZES = sizesEnv('BENCH_SIZES', [10_000, 100_000]);
export const MODES = modesEnv('BENCH_MODES', ['incremental', 'full']);
export const KEEP = process.env.BENCH_KEEP === '1';
/** Heap limit of the backend under test: high enough not to be the limit. */
export const HEAP_MIB = numberEnv('BENCH_BACKEND_HEAP_MIB', 4096);
/** catalog.processingInterval of the backend under test. */
export const PROCESSING_INTERVAL_SECONDS = numberEnv(
  'BENCH_PROCESSING_INTERVAL_SECONDS',
  1800,
);
export const QUERY_RUNS = numberEnv('BENCH_QUERY_RUNS', 100);
export const PAGE_RUNS = numberEnv('BENCH_PAGE_RUNS', 5);
/** An ingestion whose counts have not moved for this long has hung. */
export const STALL_MS = numberEnv('BENCH_STALL_SECONDS', 300) * 1000;
/** The longest a backend may take to ingest one source. */
export const MAX_MS = numberEnv('BENCH_MAX_MINUTES', 180) * 60_000;
export const SEED = numberEnv('BENCH_SEED', 1);

/** The targets, for 100,000 repositories. */
export const TARGET_SIZE = 100_000;
export const TARGET_ENTITIES_PER_S = 1000;
export const TARGET_PEAK_RSS_MIB = 1024;
export const TARGET_BY_QUERY_P95_MS = 50;
export const TARGET_PAGE_FIRST_ROWS_MS = 2000;

export const PROVIDER_ID = 'meridian';
export const PROVIDER_NAME: Record<Mode, string> = {
  incremental: `github-repos-${PROVIDER_ID}`,
  full: `github-repos-full-${PROVIDER_ID}`,
};
/** The module's default page size (catalog.providers.githubRepos.*.pageSize). */
export const PAGE_SIZE = 100;
/** The catalog page as someone opens it to browse every component. */
export const CATALOG_PAGE_PATH =
  '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all';

export const API_TOKEN = randomBytes(24).toString('base64url');
export const GITHUB_TOKEN = 'catalog-ingestion-bench';
export const APP_DIST = path.join(ROOT, 'packages/app/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Samples of the backend's RSS. */
export const SAMPLE_MS = 250;

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

export function backendConfig(options: {
  mode: Mode;
  port: number;
  database: string;
  github: LocalGitHub;
  serveApp: boolean;
}) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  return {
    ...benchBackendConfig({
      port: options.port,
      database: options.database,
      token: API_TOKEN,
      subject: 'catalog-ingestion-bench',
    }),
    ...(options.serveApp ? frontendConfig(baseUrl) : {}),
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
