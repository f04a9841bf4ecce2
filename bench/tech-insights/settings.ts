/*
 * The tech-insights bench's options, the targets, the portal's
 * tracks (app-config.yaml) and the config of the backend under test.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { benchBackendConfig } from '../lib/backendProcess';
import { Metric, metric as anyMetric } from '../lib/results';
import { numberEnv } from '../lib/run';

export const NAME = 'tech-insights';
const ROOT = path.resolve(__dirname, '../..');
export const DATABASE = 'portal_bench_tech_insights';
/** Where the tech-insights tables are with plugin division by schema. */
export const SCHEMA = 'tech-insights';

export const N = numberEnv('BENCH_COMPONENTS', 2000);
export const KEEP = process.env.BENCH_KEEP === '1';
export const SEED = numberEnv('BENCH_SEED', 1);

/** The targets, for 2,000 components and 20 checks. */
export const TARGET_N = 2000;
export const TARGET_SPEEDUP = 5;
export const TARGET_TAB_P95_MS = 50;
export const TARGET_MATRIX_P95_MS = 200;

export const FACTS_READ_RUNS = 5;
export const STEADY_RUNS = 3;
export const SAMPLE_PAIRS = 50;
export const TAB_WARMUP = 20;
export const TAB_RUNS = 500;
export const PAGE_RUNS = 200;
export const MATRIX_RUNS = 200;
export const GROUP_RUNS = 200;
export const SERVICE_TAB_RUNS = 200;
/** Under express.json()'s default 100 kB limit of the community router. */
export const MAX_CHECKS_RUN_BODY = 90_000;

export const COLONIES = [
  'payments',
  'lending',
  'cards',
  'savings',
  'insurance',
  'wealth',
  'data',
  'platform',
];
export const SQUADS = 40;
export const SYSTEMS = 50;
export const LIFECYCLES = [
  'production',
  'production',
  'production',
  'development',
  'experimental',
  'deprecated',
];

export const API_TOKEN = randomBytes(24).toString('base64url');
export const API = '/api/tech-insights';

/** A figure of this run; targets are set at TARGET_N components only. */
export function metric(
  value: number,
  unit: string,
  better: Metric['better'],
  target: number | null = null,
): Metric {
  return anyMetric(value, unit, better, N === TARGET_N ? target : null);
}

/** The portal's tracks, from the root app-config.yaml. */
export function portalTracks(): any[] {
  const appConfig = parseYaml(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const tracks = appConfig?.techInsights?.scorecards?.tracks;
  if (!Array.isArray(tracks) || tracks.length === 0) {
    throw new Error('app-config.yaml has no techInsights.scorecards.tracks');
  }
  return tracks;
}

export function checkIdsOf(tracks: any[]): string[] {
  return tracks.flatMap(t =>
    t.levels.flatMap((l: any) => l.checks.map((c: any) => c.id as string)),
  );
}

export function backendConfig(options: {
  port: number;
  catalogFile: string;
  tracks: any[];
}) {
  return {
    ...benchBackendConfig({
      port: options.port,
      database: DATABASE,
      token: API_TOKEN,
      subject: 'tech-insights-bench',
    }),
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
