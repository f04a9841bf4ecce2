/*
 * The on-demand phase: the community backend's POST /checks/run over the
 * same entities and checks, and that both sides evaluated the same (passes
 * per check over all components, and sampled entity × check pairs).
 */
import { Knex } from 'knex';
import { Backend } from '../lib/backendProcess';
import { progress } from '../lib/results';
import { GeneratedCatalog } from './catalog';
import { cpuNow, cpuReport } from './evaluation';
import { ok } from './http';
import {
  API,
  API_TOKEN,
  MAX_CHECKS_RUN_BODY,
  N,
  SAMPLE_PAIRS,
  SCHEMA,
} from './settings';

type ChecksRunItem = {
  entity: string;
  error?: unknown;
  results: Array<{ result: boolean; check: { id: string } }>;
};

export type CommunityRun = {
  ms: number;
  bytes: number;
  /** Requests it took (each under the router's body limit). */
  requests: number;
  passed: number;
  failed: number;
  /** Each entity's result of each check. */
  byEntity: Map<string, Map<string, boolean>>;
  /** Components that pass each check. */
  passedByCheck: Map<string, number>;
};

/** Every component's refs, in requests under the router's body limit. */
function batchesOf(refs: string[]): string[][] {
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
  return batches;
}

export async function measureCommunityRun(
  backend: Backend,
  catalog: GeneratedCatalog,
  checkIds: string[],
): Promise<CommunityRun> {
  const refs = catalog.components.map(name => `component:default/${name}`);
  const batches = batchesOf(refs);
  progress(
    `community on-demand run (POST /checks/run, ${refs.length} entities × ${
      checkIds.length
    } checks${batches.length > 1 ? `, in ${batches.length} requests` : ''})`,
  );
  const communityCpu = cpuNow(backend);
  let ms = 0;
  let bytes = 0;
  const items: ChecksRunItem[] = [];
  for (const entities of batches) {
    const reply = await ok(
      backend.baseUrl,
      'POST',
      `${API}/checks/run`,
      API_TOKEN,
      { entities, checks: checkIds },
    );
    ms += reply.ms;
    bytes += reply.bytes;
    items.push(...(reply.body as ChecksRunItem[]));
  }
  progress(
    `  ${ms.toFixed(0)} ms, ${(bytes / 1024 ** 2).toFixed(
      1,
    )} MiB of JSON; ${cpuReport(backend, communityCpu)}`,
  );
  const errors = items.filter(item => item.error);
  if (items.length !== N || errors.length) {
    throw new Error(
      `/checks/run returned ${items.length} entities (expected ${N}), ${
        errors.length
      } with errors${
        errors.length ? `, e.g. ${JSON.stringify(errors[0]).slice(0, 400)}` : ''
      }`,
    );
  }
  const run: CommunityRun = {
    ms,
    bytes,
    requests: batches.length,
    passed: 0,
    failed: 0,
    byEntity: new Map(),
    passedByCheck: new Map(checkIds.map(id => [id, 0])),
  };
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
        run.passed += 1;
        run.passedByCheck.set(
          r.check.id,
          (run.passedByCheck.get(r.check.id) ?? 0) + 1,
        );
      } else {
        run.failed += 1;
      }
    }
    run.byEntity.set(item.entity.toLocaleLowerCase('en-US'), byCheck);
  }
  progress(
    `  community: ${run.passed} checks passed, ${run.failed} failed (${(
      (run.passed / (run.passed + run.failed)) *
      100
    ).toFixed(1)}% passed)`,
  );
  return run;
}

/**
 * Both sides evaluated the same: per check over all components, and
 * SAMPLE_PAIRS entity × check pairs through the component tab's endpoint.
 */
export async function checkAgreement(
  backend: Backend,
  knex: Knex,
  community: CommunityRun,
  checkIds: string[],
  pairs: Array<{ name: string; checkId: string }>,
) {
  const { rows: stored } = await knex.raw(
    `SELECT check_id, count(*) FILTER (WHERE raw_state = 'passed') AS passed,
            count(*) AS total
     FROM "${SCHEMA}".scorecard_results GROUP BY check_id`,
  );
  const storedPasses = (id: string) =>
    (stored as Array<{ check_id: string; passed: string }>).find(
      r => r.check_id === id,
    )?.passed;
  const disagreements = checkIds.filter(
    id => Number(storedPasses(id) ?? -1) !== community.passedByCheck.get(id),
  );
  if (disagreements.length) {
    throw new Error(
      `scorecards and /checks/run disagree on how many components pass ${disagreements
        .map(
          id =>
            `${id} (scorecards ${storedPasses(
              id,
            )}, community ${community.passedByCheck.get(id)})`,
        )
        .join(', ')}`,
    );
  }
  for (const { name, checkId } of pairs) {
    const reply = await ok(
      backend.baseUrl,
      'GET',
      `${API}/scorecards/entities/default/component/${name}`,
      API_TOKEN,
    );
    const state = (reply.body.tracks as any[])
      .flatMap(t => t.checks)
      .find((c: any) => c.checkId === checkId)?.state;
    const other = community.byEntity
      .get(`component:default/${name}`)
      ?.get(checkId);
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
}
