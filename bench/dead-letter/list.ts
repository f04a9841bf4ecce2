/*
 * The list phase: MessageQueries.list() over a large generated dataset
 * (listData.ts), which is kept between runs while it would be built the
 * same way.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import {
  DeadLetterListQuery,
  DeadLetterDatabase,
} from '../../plugins/dead-letter-backend/src/database';
import { SearchIndex } from '../../plugins/dead-letter-backend/src/database/SearchIndex';
import { connectTo, databaseExists, recreateDatabase } from '../lib/postgres';
import { Metric, percentile, progress } from '../lib/results';
import { latencyMetrics, timeRuns } from '../lib/stats';
import {
  ABSENT_WORD,
  COMMON_WORD,
  INSERT_SQL,
  RARE_WORD,
  bulkLoad,
} from './listData';
import {
  LIST_DATABASE,
  LIST_REUSE,
  LIST_REUSE_ANY,
  LIST_ROWS,
  LIST_RUNS,
  openStore,
} from './settings';
import { CITIES, DOMAINS, EVENTS, SQUADS, STAGES, WORDS } from './words';

export async function benchList(metrics: Record<string, Metric>) {
  const fingerprint = listFingerprint();
  let knex: Knex | undefined;
  if (LIST_REUSE && (await databaseExists(LIST_DATABASE))) {
    knex = connectTo(LIST_DATABASE);
    const stored = await knex
      .raw('SELECT value FROM bench_fingerprint')
      .then(r => r.rows[0]?.value as string | undefined)
      .catch(() => undefined);
    if (stored === fingerprint || (stored && LIST_REUSE_ANY)) {
      progress(
        `reusing the ${LIST_ROWS}-row dataset in database ${LIST_DATABASE} (BENCH_LIST_REUSE=0 reloads it)`,
      );
    } else {
      await knex.destroy();
      knex = undefined;
    }
  }
  const reused = knex !== undefined;
  knex ??= await recreateDatabase(LIST_DATABASE);
  try {
    const store = await openStore(knex);
    if (!reused) {
      const loadStarted = performance.now();
      await bulkLoad(knex, store, LIST_ROWS);
      await knex.raw('CREATE TABLE bench_fingerprint (value text)');
      await knex.raw('INSERT INTO bench_fingerprint VALUES (?)', [fingerprint]);
      progress(
        `  loaded in ${((performance.now() - loadStarted) / 1000).toFixed(
          0,
        )} s; kept as ${LIST_DATABASE} for the next run`,
      );
    }
    await measureList(knex, store, metrics);
  } finally {
    await knex.destroy();
  }
}

/**
 * What the list dataset depends on: the generator, the schema and the
 * search document. A change to any of them reloads it.
 */
function listFingerprint(): string {
  const migrations = path.resolve(
    __dirname,
    '../../plugins/dead-letter-backend/migrations',
  );
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      LIST_ROWS,
      INSERT_SQL,
      WORDS,
      CITIES,
      SQUADS,
      DOMAINS,
      STAGES,
      EVENTS,
      RARE_WORD,
      SearchIndex.prototype.indexSearchBacklog.toString(),
      bulkLoad.toString(),
    ]),
  );
  for (const file of fs.readdirSync(migrations).sort()) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(migrations, file)));
  }
  return hash.digest('hex');
}

async function measureList(
  knex: Knex,
  store: DeadLetterDatabase,
  metrics: Record<string, Metric>,
) {
  // Filter values of typical size: the median owner and queue of 'prod'.
  const median = async (column: string): Promise<string> => {
    const rows = (await knex('dead_letter_messages')
      .select(`${column} as value`)
      .count('* as n')
      .where('environment', 'prod')
      .whereNotNull(column)
      .groupBy(column)
      .orderBy('n', 'desc')) as Array<{ value: string; n: string }>;
    const row = rows[Math.floor(rows.length / 2)];
    progress(`  median ${column}: ${row.value} (${row.n} rows in prod)`);
    return row.value;
  };
  const owner = await median('owner_ref');
  const queue = await median('source_queue');
  const firstPage = await store.queries.list({
    environment: 'prod',
    limit: 50,
  });

  const cases: Array<{
    name: string;
    target: number;
    query: DeadLetterListQuery;
  }> = [
    {
      name: 'list_env',
      target: 100,
      query: { environment: 'prod', limit: 50 },
    },
    {
      name: 'list_squad',
      target: 100,
      query: {
        environment: 'prod',
        ownerRefs: [owner],
        states: ['unresolved'],
        limit: 50,
      },
    },
    {
      name: 'list_env_state_queue',
      target: 100,
      query: {
        environment: 'prod',
        states: ['unresolved'],
        sourceQueue: queue,
        limit: 50,
      },
    },
    {
      name: 'list_page2',
      target: 100,
      query: { environment: 'prod', limit: 50, cursor: firstPage.nextCursor },
    },
    {
      name: 'search_hit',
      target: 300,
      query: { environment: 'prod', text: RARE_WORD, limit: 50 },
    },
    {
      name: 'search_miss',
      target: 300,
      query: { environment: 'prod', text: ABSENT_WORD, limit: 50 },
    },
    {
      name: 'search_common',
      target: 300,
      query: { environment: 'prod', text: COMMON_WORD, limit: 50 },
    },
  ];

  for (const c of cases) {
    const first = await store.queries.list(c.query);
    const times = await timeRuns(LIST_RUNS, 2, async () => {
      const started = performance.now();
      await store.queries.list(c.query);
      return performance.now() - started;
    });
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    progress(
      `  ${c.name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${
        first.items.length
      } items, totalEstimate ${first.totalEstimate ?? '-'}${
        first.totalCapped ? '+' : ''
      }, next page: ${first.nextCursor ? 'yes' : 'no'})`,
    );
    Object.assign(metrics, latencyMetrics(c.name, p50, p95, c.target));
  }
}
