import { chunks, toDate } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import { BATCH, EntityEvaluation, ResultRow } from './rows';

/** What is stored now for the entities being written. */
type Current = {
  /** By `${entityRef}\n${checkId}`. */
  results: Map<string, ResultRow>;
  /** By `${entityRef}\n${trackId}`. */
  levels: Map<string, number>;
  checksOf: Map<string, string[]>;
  tracksOf: Map<string, string[]>;
};

/** The writes that bring the stored state to the new evaluations. */
type Changes = {
  upserts: ResultRow[];
  checkChanges: object[];
  /** Results of checks no longer evaluated: [entityRef, checkId]. */
  stale: Array<[string, string]>;
  levelUpserts: object[];
  levelChanges: object[];
  /** Levels of tracks no longer applying: [entityRef, trackId]. */
  droppedLevels: Array<[string, string]>;
};

async function upsertEntities(
  tx: Knex.Transaction,
  evaluations: EntityEvaluation[],
  now: Date,
) {
  for (const batch of chunks(evaluations, BATCH)) {
    await tx('scorecard_entities')
      .insert(
        batch.map(e => ({
          entity_ref: e.entityRef,
          kind: e.kind,
          type: e.type ?? null,
          title: e.title ?? null,
          owner_ref: e.ownerRef ?? null,
          evaluated_at: now,
        })),
      )
      .onConflict('entity_ref')
      .merge();
  }
}

async function readCurrent(
  tx: Knex.Transaction,
  refs: string[],
): Promise<Current> {
  const current: Current = {
    results: new Map(),
    levels: new Map(),
    checksOf: new Map(),
    tracksOf: new Map(),
  };
  const { checksOf, tracksOf } = current;
  for (const batch of chunks(refs, 500)) {
    for (const row of (await tx('scorecard_results').whereIn(
      'entity_ref',
      batch,
    )) as ResultRow[]) {
      current.results.set(`${row.entity_ref}\n${row.check_id}`, row);
      if (!checksOf.has(row.entity_ref)) checksOf.set(row.entity_ref, []);
      checksOf.get(row.entity_ref)!.push(row.check_id);
    }
    for (const row of (await tx('scorecard_levels').whereIn(
      'entity_ref',
      batch,
    )) as Array<{ entity_ref: string; track_id: string; level: number }>) {
      current.levels.set(`${row.entity_ref}\n${row.track_id}`, row.level);
      if (!tracksOf.has(row.entity_ref)) tracksOf.set(row.entity_ref, []);
      tracksOf.get(row.entity_ref)!.push(row.track_id);
    }
  }
  return current;
}

/**
 * A result is written only when something in it changed; `since` moves
 * only when the raw state did; history gets a row when the state did.
 */
function diffResults(
  evaluation: EntityEvaluation,
  current: Current,
  now: Date,
  changes: Changes,
) {
  const evaluated = new Set<string>();
  for (const result of evaluation.results) {
    evaluated.add(result.checkId);
    const before = current.results.get(
      `${evaluation.entityRef}\n${result.checkId}`,
    );
    const facts = JSON.stringify(result.facts);
    const reason = result.reason ?? null;
    if (
      before &&
      before.raw_state === result.rawState &&
      before.state === result.state &&
      (before.reason ?? null) === reason &&
      before.facts === facts &&
      before.track_id === result.trackId
    ) {
      continue;
    }
    changes.upserts.push({
      entity_ref: evaluation.entityRef,
      check_id: result.checkId,
      track_id: result.trackId,
      raw_state: result.rawState,
      state: result.state,
      reason,
      facts,
      since:
        before && before.raw_state === result.rawState
          ? toDate(before.since)
          : now,
    });
    if (before && before.state !== result.state) {
      changes.checkChanges.push({
        entity_ref: evaluation.entityRef,
        check_id: result.checkId,
        state: result.state,
        at: now,
        previous_state: before.state,
        previous_since: toDate(before.since),
      });
    }
  }
  for (const checkId of current.checksOf.get(evaluation.entityRef) ?? []) {
    if (!evaluated.has(checkId)) {
      changes.stale.push([evaluation.entityRef, checkId]);
    }
  }
}

function diffLevels(
  evaluation: EntityEvaluation,
  current: Current,
  now: Date,
  changes: Changes,
) {
  for (const [trackId, level] of Object.entries(evaluation.levels)) {
    const before = current.levels.get(`${evaluation.entityRef}\n${trackId}`);
    if (before === level) continue;
    changes.levelUpserts.push({
      entity_ref: evaluation.entityRef,
      track_id: trackId,
      level,
    });
    changes.levelChanges.push({
      entity_ref: evaluation.entityRef,
      track_id: trackId,
      level,
      at: now,
    });
  }
  // Tracks no longer applying to an entity leave no level behind.
  for (const trackId of current.tracksOf.get(evaluation.entityRef) ?? []) {
    if (evaluation.levels[trackId] === undefined) {
      changes.droppedLevels.push([evaluation.entityRef, trackId]);
    }
  }
}

async function applyChanges(tx: Knex.Transaction, changes: Changes) {
  for (const batch of chunks(changes.upserts, BATCH)) {
    await tx('scorecard_results')
      .insert(batch)
      .onConflict(['entity_ref', 'check_id'])
      .merge();
  }
  for (const [ref, checkId] of changes.stale) {
    await tx('scorecard_results')
      .where({ entity_ref: ref, check_id: checkId })
      .delete();
  }
  for (const batch of chunks(changes.checkChanges, BATCH)) {
    await tx('scorecard_check_changes').insert(batch);
  }
  for (const batch of chunks(changes.levelUpserts, BATCH)) {
    await tx('scorecard_levels')
      .insert(batch)
      .onConflict(['entity_ref', 'track_id'])
      .merge();
  }
  for (const batch of chunks(changes.levelChanges, BATCH)) {
    await tx('scorecard_level_changes').insert(batch);
  }
  for (const [ref, trackId] of changes.droppedLevels) {
    await tx('scorecard_levels')
      .where({ entity_ref: ref, track_id: trackId })
      .delete();
  }
}

/**
 * Stores the outcome of evaluating these entities. History gets a row
 * only where a check's state or a level changed. Concurrent evaluations
 * of the same entity serialise on its row (upserted first, in ref
 * order), so no change is recorded twice.
 */
export async function writeEvaluations(
  knex: Knex,
  evaluations: EntityEvaluation[],
  now: Date,
): Promise<{ changedChecks: number; changedLevels: number }> {
  if (!evaluations.length) return { changedChecks: 0, changedLevels: 0 };
  const sorted = [...evaluations].sort((a, b) =>
    a.entityRef < b.entityRef ? -1 : 1,
  );
  return knex.transaction(async tx => {
    await upsertEntities(tx, sorted, now);
    const current = await readCurrent(
      tx,
      sorted.map(e => e.entityRef),
    );
    const changes: Changes = {
      upserts: [],
      checkChanges: [],
      stale: [],
      levelUpserts: [],
      levelChanges: [],
      droppedLevels: [],
    };
    for (const evaluation of sorted) {
      diffResults(evaluation, current, now, changes);
      diffLevels(evaluation, current, now, changes);
    }
    await applyChanges(tx, changes);
    return {
      changedChecks: changes.checkChanges.length,
      changedLevels: changes.levelChanges.length,
    };
  });
}

/** Forgets the current results of entities no longer in the catalog (history stays). */
export async function removeEntitiesExcept(
  knex: Knex,
  keep: string[],
): Promise<number> {
  const keepSet = new Set(keep);
  const gone = (
    (await knex('scorecard_entities').select('entity_ref')) as Array<{
      entity_ref: string;
    }>
  )
    .map(r => r.entity_ref)
    .filter(ref => !keepSet.has(ref));
  for (const batch of chunks(gone, 500)) {
    await knex.transaction(async tx => {
      await tx('scorecard_results').whereIn('entity_ref', batch).delete();
      await tx('scorecard_levels').whereIn('entity_ref', batch).delete();
      await tx('scorecard_entities').whereIn('entity_ref', batch).delete();
    });
  }
  return gone.length;
}
