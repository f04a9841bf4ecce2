import { CheckState } from '@internal/backstage-plugin-tech-insights-common';
import { DbTime, toIso } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import {
  entityFromRow,
  EntityRow,
  resultFromRow,
  ResultRow,
  StoredEntity,
  StoredResult,
} from './rows';

export type EntityResults = {
  entity: StoredEntity;
  results: StoredResult[];
  levels: Record<string, number>;
};

export type OwnedComponent = StoredEntity & {
  levels: Record<string, number>;
  notPassing: Array<{ checkId: string; trackId: string }>;
};

export type EntityHistory = {
  levels: Array<{ trackId: string; level: number; at: string }>;
  checks: Array<{
    checkId: string;
    state: CheckState;
    at: string;
    previousState: CheckState;
    previousSince?: string;
  }>;
};

export async function readEntity(
  knex: Knex,
  entityRef: string,
): Promise<EntityResults | undefined> {
  const row = (await knex('scorecard_entities')
    .where('entity_ref', entityRef)
    .first()) as EntityRow | undefined;
  if (!row) return undefined;
  const [results, levels] = await Promise.all([
    knex('scorecard_results').where('entity_ref', entityRef),
    knex('scorecard_levels').where('entity_ref', entityRef),
  ]);
  return {
    entity: entityFromRow(row),
    results: (results as ResultRow[]).map(resultFromRow),
    levels: Object.fromEntries(
      (levels as Array<{ track_id: string; level: number }>).map(l => [
        l.track_id,
        l.level,
      ]),
    ),
  };
}

/** Components per owner, track and level. */
export async function readLevelCounts(
  knex: Knex,
): Promise<
  Array<{ ownerRef?: string; trackId: string; level: number; count: number }>
> {
  const rows = (await knex('scorecard_levels as l')
    .join('scorecard_entities as e', 'e.entity_ref', 'l.entity_ref')
    .select('e.owner_ref', 'l.track_id', 'l.level')
    .count('* as count')
    .groupBy('e.owner_ref', 'l.track_id', 'l.level')) as Array<{
    owner_ref: string | null;
    track_id: string;
    level: number | string;
    count: number | string;
  }>;
  return rows.map(r => ({
    ...(r.owner_ref ? { ownerRef: r.owner_ref } : {}),
    trackId: r.track_id,
    level: Number(r.level),
    count: Number(r.count),
  }));
}

/** Entities of these owners (all when undefined), their levels and not-passing checks. */
export async function readComponentsOf(
  knex: Knex,
  ownerRefs?: string[],
): Promise<OwnedComponent[]> {
  const scope = (query: Knex.QueryBuilder, column: string) =>
    ownerRefs ? query.whereIn(column, ownerRefs) : query;
  const [entities, levels, failing] = await Promise.all([
    scope(knex('scorecard_entities'), 'owner_ref').orderBy('entity_ref'),
    scope(
      knex('scorecard_levels as l')
        .join('scorecard_entities as e', 'e.entity_ref', 'l.entity_ref')
        .select('l.entity_ref', 'l.track_id', 'l.level'),
      'e.owner_ref',
    ),
    scope(
      knex('scorecard_results as r')
        .join('scorecard_entities as e', 'e.entity_ref', 'r.entity_ref')
        .select('r.entity_ref', 'r.check_id', 'r.track_id')
        .whereIn('r.state', ['failed', 'unknown']),
      'e.owner_ref',
    ),
  ]);
  const byRef = new Map<string, OwnedComponent>(
    (entities as EntityRow[]).map(row => [
      row.entity_ref,
      { ...entityFromRow(row), levels: {}, notPassing: [] },
    ]),
  );
  for (const l of levels as Array<{
    entity_ref: string;
    track_id: string;
    level: number;
  }>) {
    const entity = byRef.get(l.entity_ref);
    if (entity) entity.levels[l.track_id] = Number(l.level);
  }
  for (const f of failing as Array<{
    entity_ref: string;
    check_id: string;
    track_id: string;
  }>) {
    byRef
      .get(f.entity_ref)
      ?.notPassing.push({ checkId: f.check_id, trackId: f.track_id });
  }
  return [...byRef.values()];
}

export async function readLastEvaluatedAt(
  knex: Knex,
): Promise<string | undefined> {
  const row = (await knex('scorecard_entities')
    .max('evaluated_at as at')
    .first()) as { at: DbTime | null } | undefined;
  return row?.at ? toIso(row.at) : undefined;
}

export async function readHistory(
  knex: Knex,
  entityRef: string,
): Promise<EntityHistory> {
  const [levels, checks] = await Promise.all([
    knex('scorecard_level_changes')
      .where('entity_ref', entityRef)
      .orderBy('id', 'desc')
      .limit(500),
    knex('scorecard_check_changes')
      .where('entity_ref', entityRef)
      .orderBy('id', 'desc')
      .limit(1000),
  ]);
  return {
    levels: (
      levels as Array<{ track_id: string; level: number; at: DbTime }>
    ).map(r => ({
      trackId: r.track_id,
      level: Number(r.level),
      at: toIso(r.at),
    })),
    checks: (
      checks as Array<{
        check_id: string;
        state: string;
        at: DbTime;
        previous_state: string;
        previous_since: DbTime | null;
      }>
    ).map(r => ({
      checkId: r.check_id,
      state: r.state as CheckState,
      at: toIso(r.at),
      previousState: r.previous_state as CheckState,
      ...(r.previous_since ? { previousSince: toIso(r.previous_since) } : {}),
    })),
  };
}
