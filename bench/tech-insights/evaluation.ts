/*
 * The evaluation phase: the floor (reading the latest facts, as
 * FactsReader does) and full evaluations through POST /scorecards/evaluate,
 * the first on empty results, then steady state.
 */
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import { FACT_SCHEMAS } from '../../plugins/tech-insights-backend-module-scorecards/src/retrievers/schemas';
import { Backend } from '../lib/backendProcess';
import { CpuSnapshot, cpuSnapshot, cpuUsed } from '../lib/processes';
import { progress } from '../lib/results';
import { median } from '../lib/stats';
import { ok } from './http';
import { API, FACTS_READ_RUNS, N, SCHEMA, STEADY_RUNS } from './settings';

export function cpuNow(backend: Backend): CpuSnapshot {
  return cpuSnapshot({ pid: backend.pid, names: ['postgres'] });
}

/** CPU seconds used since `before`, by the backend and Postgres. */
export function cpuReport(backend: Backend, before: CpuSnapshot): string {
  const after = cpuNow(backend);
  const used = cpuUsed(before, after);
  return `CPU: backend ${used.pid.toFixed(
    1,
  )} s, Postgres ${used.byName.postgres.toFixed(1)} s over ${(
    (after.at - before.at) /
    1000
  ).toFixed(1)} s`;
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

/** The median ms of reading the latest facts of every component. */
export async function measureFactsRead(knex: Knex): Promise<number> {
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
  return factsReadMs;
}

export type Evaluation = { wallMs: number; backendMs: number };

/**
 * The first full evaluation, on empty results (it writes every result),
 * and STEADY_RUNS more that find nothing changed, as a scheduled run
 * normally does. `evaluatedLogs` holds the module's own log lines.
 */
export async function measureEvaluations(
  backend: Backend,
  knex: Knex,
  /** A person's token: the route refuses service tokens. */
  token: string,
  checkCount: number,
  evaluatedLogs: string[],
): Promise<{ first: Evaluation; steady: Evaluation[]; steadyMs: number }> {
  const [{ count: before }] = (
    await knex.raw(`SELECT count(*) FROM "${SCHEMA}".scorecard_results`)
  ).rows;
  if (Number(before) !== 0) {
    throw new Error(`scorecard_results holds ${before} rows before the run`);
  }
  const evaluate = async (label: string): Promise<Evaluation> => {
    const cpu = cpuNow(backend);
    const reply = await ok(
      backend.baseUrl,
      'POST',
      `${API}/scorecards/evaluate`,
      token,
    );
    const summary = reply.body as EvaluationSummary;
    if (summary.entities !== N || summary.results !== N * checkCount) {
      throw new Error(
        `${label}: evaluated ${summary.entities} entities and ${
          summary.results
        } results, expected ${N} and ${N * checkCount}`,
      );
    }
    backend.log.poll();
    progress(
      `  ${label}: ${reply.ms.toFixed(0)} ms (backend: ${
        summary.durationMs
      } ms); ${cpuReport(backend, cpu)}${
        evaluatedLogs.length
          ? `; ${evaluatedLogs[evaluatedLogs.length - 1]}`
          : ''
      }`,
    );
    return { wallMs: reply.ms, backendMs: summary.durationMs };
  };
  progress('full evaluation (POST /scorecards/evaluate)');
  const first = await evaluate('first, on empty results');
  const steady: Evaluation[] = [];
  for (let run = 1; run <= STEADY_RUNS; run++) {
    steady.push(await evaluate(`steady ${run}, nothing changed`));
  }
  return { first, steady, steadyMs: median(steady.map(s => s.wallMs)) };
}
