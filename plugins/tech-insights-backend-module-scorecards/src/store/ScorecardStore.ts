import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  CheckState,
  Exemption,
} from '@internal/backstage-plugin-tech-insights-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  chunks,
  DbTime,
  parseJson,
  toDate,
  toIso,
} from '@internal/backstage-plugin-portal-node';
import { RawState } from '../evaluation/levels';
import { migratedClient } from './database';

export type StoredResult = {
  checkId: string;
  trackId: string;
  rawState: RawState;
  state: CheckState;
  reason?: string;
  facts: Record<string, unknown>;
  since: string;
};

export type EntityEvaluation = {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  ownerRef?: string;
  results: Array<Omit<StoredResult, 'since'>>;
  levels: Record<string, number>;
};

export type StoredEntity = {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  ownerRef?: string;
  evaluatedAt?: string;
};

export type StoredGroup = {
  groupRef: string;
  title: string;
  type: string;
  parentRef?: string;
};

export type AuditEntry = {
  at: string;
  actor: string;
  action: string;
  entityRef?: string;
  checkId?: string;
  details?: Record<string, unknown>;
};

type EntityRow = {
  entity_ref: string;
  kind: string;
  type: string | null;
  title: string | null;
  owner_ref: string | null;
  evaluated_at: DbTime | null;
};

type ResultRow = {
  entity_ref: string;
  check_id: string;
  track_id: string;
  raw_state: string;
  state: string;
  reason: string | null;
  facts: string;
  since: DbTime;
};

type ExemptionRow = {
  id: string;
  entity_ref: string;
  check_id: string;
  justification: string;
  expires_at: DbTime;
  created_by: string;
  created_at: DbTime;
  revoked_by: string | null;
  revoked_at: DbTime | null;
};

function entityFromRow(row: EntityRow): StoredEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    ...(row.type ? { type: row.type } : {}),
    ...(row.title ? { title: row.title } : {}),
    ...(row.owner_ref ? { ownerRef: row.owner_ref } : {}),
    ...(row.evaluated_at ? { evaluatedAt: toIso(row.evaluated_at) } : {}),
  };
}

function resultFromRow(row: ResultRow): StoredResult {
  return {
    checkId: row.check_id,
    trackId: row.track_id,
    rawState: row.raw_state as RawState,
    state: row.state as CheckState,
    ...(row.reason ? { reason: row.reason } : {}),
    facts: parseJson(row.facts, {}),
    since: toIso(row.since),
  };
}

function exemptionFromRow(row: ExemptionRow): Exemption {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    justification: row.justification,
    expiresAt: toIso(row.expires_at),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(row.revoked_by ? { revokedBy: row.revoked_by } : {}),
    ...(row.revoked_at ? { revokedAt: toIso(row.revoked_at) } : {}),
  };
}

/** Rows per insert: 500 × 9 columns stays under SQLite's 32,766 bound parameters. */
const BATCH = 500;

/**
 * Scorecard results, levels and their history, group roll-ups, exemptions
 * and audit, in the tech-insights database.
 */
export class ScorecardStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<ScorecardStore> {
    return new ScorecardStore(
      await migratedClient(options.database, options.skipMigrations),
    );
  }

  constructor(readonly knex: Knex) {}

  /**
   * Stores the outcome of evaluating these entities. History gets a row
   * only where a check's state or a level changed. Concurrent evaluations
   * of the same entity serialise on its row (upserted first, in ref
   * order), so no change is recorded twice.
   */
  async writeEvaluations(
    evaluations: EntityEvaluation[],
    now: Date,
  ): Promise<{ changedChecks: number; changedLevels: number }> {
    if (!evaluations.length) return { changedChecks: 0, changedLevels: 0 };
    const sorted = [...evaluations].sort((a, b) =>
      a.entityRef < b.entityRef ? -1 : 1,
    );
    const refs = sorted.map(e => e.entityRef);
    return this.knex.transaction(async tx => {
      for (const batch of chunks(sorted, BATCH)) {
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

      const existing = new Map<string, ResultRow>();
      const existingLevels = new Map<string, number>();
      const checksOf = new Map<string, string[]>();
      const tracksOf = new Map<string, string[]>();
      for (const batch of chunks(refs, 500)) {
        for (const row of (await tx('scorecard_results').whereIn(
          'entity_ref',
          batch,
        )) as ResultRow[]) {
          existing.set(`${row.entity_ref}\n${row.check_id}`, row);
          if (!checksOf.has(row.entity_ref)) checksOf.set(row.entity_ref, []);
          checksOf.get(row.entity_ref)!.push(row.check_id);
        }
        for (const row of (await tx('scorecard_levels').whereIn(
          'entity_ref',
          batch,
        )) as Array<{ entity_ref: string; track_id: string; level: number }>) {
          existingLevels.set(`${row.entity_ref}\n${row.track_id}`, row.level);
          if (!tracksOf.has(row.entity_ref)) tracksOf.set(row.entity_ref, []);
          tracksOf.get(row.entity_ref)!.push(row.track_id);
        }
      }

      const upserts: ResultRow[] = [];
      const checkChanges: object[] = [];
      const levelUpserts: object[] = [];
      const levelChanges: object[] = [];
      const stale: Array<[string, string]> = [];
      for (const evaluation of sorted) {
        const current = new Set<string>();
        for (const result of evaluation.results) {
          const key = `${evaluation.entityRef}\n${result.checkId}`;
          current.add(result.checkId);
          const before = existing.get(key);
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
          upserts.push({
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
            checkChanges.push({
              entity_ref: evaluation.entityRef,
              check_id: result.checkId,
              state: result.state,
              at: now,
              previous_state: before.state,
              previous_since: toDate(before.since),
            });
          }
        }
        for (const checkId of checksOf.get(evaluation.entityRef) ?? []) {
          if (!current.has(checkId))
            stale.push([evaluation.entityRef, checkId]);
        }
        for (const [trackId, level] of Object.entries(evaluation.levels)) {
          const before = existingLevels.get(
            `${evaluation.entityRef}\n${trackId}`,
          );
          if (before === level) continue;
          levelUpserts.push({
            entity_ref: evaluation.entityRef,
            track_id: trackId,
            level,
          });
          levelChanges.push({
            entity_ref: evaluation.entityRef,
            track_id: trackId,
            level,
            at: now,
          });
        }
      }

      for (const batch of chunks(upserts, BATCH)) {
        await tx('scorecard_results')
          .insert(batch)
          .onConflict(['entity_ref', 'check_id'])
          .merge();
      }
      for (const [ref, checkId] of stale) {
        await tx('scorecard_results')
          .where({ entity_ref: ref, check_id: checkId })
          .delete();
      }
      for (const batch of chunks(checkChanges, BATCH)) {
        await tx('scorecard_check_changes').insert(batch);
      }
      for (const batch of chunks(levelUpserts, BATCH)) {
        await tx('scorecard_levels')
          .insert(batch)
          .onConflict(['entity_ref', 'track_id'])
          .merge();
      }
      for (const batch of chunks(levelChanges, BATCH)) {
        await tx('scorecard_level_changes').insert(batch);
      }
      // Tracks no longer applying to an entity leave no level behind.
      for (const evaluation of sorted) {
        for (const trackId of tracksOf.get(evaluation.entityRef) ?? []) {
          if (evaluation.levels[trackId] === undefined) {
            await tx('scorecard_levels')
              .where({ entity_ref: evaluation.entityRef, track_id: trackId })
              .delete();
          }
        }
      }
      return {
        changedChecks: checkChanges.length,
        changedLevels: levelChanges.length,
      };
    });
  }

  /** Forgets the current results of entities no longer in the catalog (history stays). */
  async removeEntitiesExcept(keep: string[]): Promise<number> {
    const keepSet = new Set(keep);
    const gone = (
      (await this.knex('scorecard_entities').select('entity_ref')) as Array<{
        entity_ref: string;
      }>
    )
      .map(r => r.entity_ref)
      .filter(ref => !keepSet.has(ref));
    for (const batch of chunks(gone, 500)) {
      await this.knex.transaction(async tx => {
        await tx('scorecard_results').whereIn('entity_ref', batch).delete();
        await tx('scorecard_levels').whereIn('entity_ref', batch).delete();
        await tx('scorecard_entities').whereIn('entity_ref', batch).delete();
      });
    }
    return gone.length;
  }

  async replaceGroups(groups: StoredGroup[]): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('scorecard_groups').delete();
      for (const batch of chunks(groups, BATCH)) {
        await tx('scorecard_groups').insert(
          batch.map(g => ({
            group_ref: g.groupRef,
            title: g.title,
            type: g.type,
            parent_ref: g.parentRef ?? null,
          })),
        );
      }
    });
  }

  async groups(): Promise<StoredGroup[]> {
    const rows = (await this.knex('scorecard_groups').orderBy(
      'group_ref',
    )) as Array<{
      group_ref: string;
      title: string;
      type: string;
      parent_ref: string | null;
    }>;
    return rows.map(r => ({
      groupRef: r.group_ref,
      title: r.title,
      type: r.type,
      ...(r.parent_ref ? { parentRef: r.parent_ref } : {}),
    }));
  }

  async entity(entityRef: string): Promise<
    | {
        entity: StoredEntity;
        results: StoredResult[];
        levels: Record<string, number>;
      }
    | undefined
  > {
    const row = (await this.knex('scorecard_entities')
      .where('entity_ref', entityRef)
      .first()) as EntityRow | undefined;
    if (!row) return undefined;
    const [results, levels] = await Promise.all([
      this.knex('scorecard_results').where('entity_ref', entityRef),
      this.knex('scorecard_levels').where('entity_ref', entityRef),
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
  async levelCounts(): Promise<
    Array<{ ownerRef?: string; trackId: string; level: number; count: number }>
  > {
    const rows = (await this.knex('scorecard_levels as l')
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
  async componentsOf(ownerRefs?: string[]): Promise<
    Array<
      StoredEntity & {
        levels: Record<string, number>;
        notPassing: Array<{ checkId: string; trackId: string }>;
      }
    >
  > {
    const scope = (query: Knex.QueryBuilder, column: string) =>
      ownerRefs ? query.whereIn(column, ownerRefs) : query;
    const [entities, levels, failing] = await Promise.all([
      scope(this.knex('scorecard_entities'), 'owner_ref').orderBy('entity_ref'),
      scope(
        this.knex('scorecard_levels as l')
          .join('scorecard_entities as e', 'e.entity_ref', 'l.entity_ref')
          .select('l.entity_ref', 'l.track_id', 'l.level'),
        'e.owner_ref',
      ),
      scope(
        this.knex('scorecard_results as r')
          .join('scorecard_entities as e', 'e.entity_ref', 'r.entity_ref')
          .select('r.entity_ref', 'r.check_id', 'r.track_id')
          .whereIn('r.state', ['failed', 'unknown']),
        'e.owner_ref',
      ),
    ]);
    const byRef = new Map(
      (entities as EntityRow[]).map(row => [
        row.entity_ref,
        {
          ...entityFromRow(row),
          levels: {} as Record<string, number>,
          notPassing: [] as Array<{ checkId: string; trackId: string }>,
        },
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

  async lastEvaluatedAt(): Promise<string | undefined> {
    const row = (await this.knex('scorecard_entities')
      .max('evaluated_at as at')
      .first()) as { at: DbTime | null } | undefined;
    return row?.at ? toIso(row.at) : undefined;
  }

  async history(entityRef: string): Promise<{
    levels: Array<{ trackId: string; level: number; at: string }>;
    checks: Array<{
      checkId: string;
      state: CheckState;
      at: string;
      previousState: CheckState;
      previousSince?: string;
    }>;
  }> {
    const [levels, checks] = await Promise.all([
      this.knex('scorecard_level_changes')
        .where('entity_ref', entityRef)
        .orderBy('id', 'desc')
        .limit(500),
      this.knex('scorecard_check_changes')
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

  /**
   * Replaces one day's roll-up rows (a later evaluation the same day wins).
   * Upserts, so two evaluations finishing together do not collide.
   */
  async writeDaily(
    day: string,
    rows: Array<{
      groupRef: string;
      trackId: string;
      level: number;
      components: number;
    }>,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      for (const batch of chunks(rows, BATCH)) {
        await tx('scorecard_daily')
          .insert(
            batch.map(r => ({
              day,
              group_ref: r.groupRef,
              track_id: r.trackId,
              level: r.level,
              components: r.components,
            })),
          )
          .onConflict(['group_ref', 'track_id', 'day', 'level'])
          .merge();
      }
      const keep = new Set(
        rows.map(r => `${r.groupRef}\n${r.trackId}\n${r.level}`),
      );
      const existing = (await tx('scorecard_daily')
        .where('day', day)
        .select('group_ref', 'track_id', 'level')) as Array<{
        group_ref: string;
        track_id: string;
        level: number | string;
      }>;
      for (const row of existing) {
        if (
          !keep.has(`${row.group_ref}\n${row.track_id}\n${Number(row.level)}`)
        ) {
          await tx('scorecard_daily')
            .where({
              day,
              group_ref: row.group_ref,
              track_id: row.track_id,
              level: row.level,
            })
            .delete();
        }
      }
    });
  }

  async daily(
    groupRef: string,
    trackId: string,
    sinceDay: string,
  ): Promise<Array<{ day: string; level: number; components: number }>> {
    const rows = (await this.knex('scorecard_daily')
      .where({ group_ref: groupRef, track_id: trackId })
      .where('day', '>=', sinceDay)
      .orderBy(['day', 'level'])) as Array<{
      day: string;
      level: number | string;
      components: number | string;
    }>;
    return rows.map(r => ({
      day: r.day,
      level: Number(r.level),
      components: Number(r.components),
    }));
  }

  async pruneDaily(beforeDay: string): Promise<void> {
    await this.knex('scorecard_daily').where('day', '<', beforeDay).delete();
  }

  async createExemption(input: {
    entityRef: string;
    checkId: string;
    justification: string;
    expiresAt: Date;
    createdBy: string;
    now: Date;
  }): Promise<Exemption> {
    const row: ExemptionRow = {
      id: randomUUID(),
      entity_ref: input.entityRef,
      check_id: input.checkId,
      justification: input.justification,
      expires_at: input.expiresAt,
      created_by: input.createdBy,
      created_at: input.now,
      revoked_by: null,
      revoked_at: null,
    };
    await this.knex.transaction(async tx => {
      // A new exemption of the same check replaces the one in force.
      await tx('scorecard_exemptions')
        .where({ entity_ref: input.entityRef, check_id: input.checkId })
        .whereNull('revoked_at')
        .where('expires_at', '>', input.now)
        .update({ revoked_by: input.createdBy, revoked_at: input.now });
      await tx('scorecard_exemptions').insert(row);
    });
    return exemptionFromRow(row);
  }

  /** Revokes an exemption in force; undefined when there is none with this id. */
  async revokeExemption(
    id: string,
    revokedBy: string,
    now: Date,
  ): Promise<Exemption | undefined> {
    await this.knex('scorecard_exemptions')
      .where('id', id)
      .whereNull('revoked_at')
      .update({ revoked_by: revokedBy, revoked_at: now });
    const row = (await this.knex('scorecard_exemptions')
      .where('id', id)
      .first()) as ExemptionRow | undefined;
    return row ? exemptionFromRow(row) : undefined;
  }

  async exemption(id: string): Promise<Exemption | undefined> {
    const row = (await this.knex('scorecard_exemptions')
      .where('id', id)
      .first()) as ExemptionRow | undefined;
    return row ? exemptionFromRow(row) : undefined;
  }

  /** Exemptions of these entities (all entities when undefined), newest first. */
  async exemptions(entityRefs?: string[]): Promise<Exemption[]> {
    const query = this.knex('scorecard_exemptions').orderBy(
      'created_at',
      'desc',
    );
    if (entityRefs) {
      const rows: ExemptionRow[] = [];
      for (const batch of chunks(entityRefs, 500)) {
        rows.push(
          ...((await query
            .clone()
            .whereIn('entity_ref', batch)) as ExemptionRow[]),
        );
      }
      return rows.map(exemptionFromRow);
    }
    return ((await query) as ExemptionRow[]).map(exemptionFromRow);
  }

  /** Exemptions in force at `now`. */
  async activeExemptions(now: Date): Promise<Exemption[]> {
    const rows = (await this.knex('scorecard_exemptions')
      .whereNull('revoked_at')
      .where('expires_at', '>', now)) as ExemptionRow[];
    return rows.map(exemptionFromRow);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.knex('scorecard_audit').insert({
      at: new Date(entry.at),
      actor: entry.actor,
      action: entry.action,
      entity_ref: entry.entityRef ?? null,
      check_id: entry.checkId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    });
  }

  async auditTrail(entityRef?: string, limit = 200): Promise<AuditEntry[]> {
    const query = this.knex('scorecard_audit')
      .orderBy('id', 'desc')
      .limit(limit);
    if (entityRef) query.where('entity_ref', entityRef);
    return (
      (await query) as Array<{
        at: DbTime;
        actor: string;
        action: string;
        entity_ref: string | null;
        check_id: string | null;
        details: string | null;
      }>
    ).map(r => ({
      at: toIso(r.at),
      actor: r.actor,
      action: r.action,
      ...(r.entity_ref ? { entityRef: r.entity_ref } : {}),
      ...(r.check_id ? { checkId: r.check_id } : {}),
      ...(r.details ? { details: parseJson(r.details, {}) } : {}),
    }));
  }
}
