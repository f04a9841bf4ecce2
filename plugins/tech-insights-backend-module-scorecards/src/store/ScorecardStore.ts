import { DatabaseService } from '@backstage/backend-plugin-api';
import { Exemption } from '@internal/backstage-plugin-tech-insights-common';
import { Knex } from 'knex';
import { insertAudit, readAuditTrail } from './auditQueries';
import { migratedClient } from './database';
import { removeEntitiesExcept, writeEvaluations } from './evaluationWrites';
import {
  createExemption,
  NewExemption,
  readActiveExemptions,
  readExemption,
  readExemptions,
  revokeExemption,
} from './exemptionQueries';
import {
  DailyRow,
  pruneDaily,
  readDaily,
  readGroups,
  replaceGroups,
  writeDaily,
} from './rollupQueries';
import { AuditEntry, EntityEvaluation, StoredGroup } from './rows';
import {
  EntityHistory,
  EntityResults,
  OwnedComponent,
  readComponentsOf,
  readEntity,
  readHistory,
  readLastEvaluatedAt,
  readLevelCounts,
} from './scorecardReads';

export type {
  AuditEntry,
  EntityEvaluation,
  StoredEntity,
  StoredGroup,
  StoredResult,
} from './rows';

/**
 * Scorecard results, levels and their history, group roll-ups, exemptions
 * and audit, in the tech-insights database. The queries live beside it:
 * evaluationWrites (results and history), scorecardReads, rollupQueries
 * (groups and daily roll-ups), exemptionQueries and auditQueries.
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

  /** See writeEvaluations: history only where a state or level changed. */
  writeEvaluations(
    evaluations: EntityEvaluation[],
    now: Date,
  ): Promise<{ changedChecks: number; changedLevels: number }> {
    return writeEvaluations(this.knex, evaluations, now);
  }

  /** Forgets the current results of entities no longer in the catalog (history stays). */
  removeEntitiesExcept(keep: string[]): Promise<number> {
    return removeEntitiesExcept(this.knex, keep);
  }

  replaceGroups(groups: StoredGroup[]): Promise<void> {
    return replaceGroups(this.knex, groups);
  }

  groups(): Promise<StoredGroup[]> {
    return readGroups(this.knex);
  }

  entity(entityRef: string): Promise<EntityResults | undefined> {
    return readEntity(this.knex, entityRef);
  }

  /** Components per owner, track and level. */
  levelCounts() {
    return readLevelCounts(this.knex);
  }

  /** Entities of these owners (all when undefined), their levels and not-passing checks. */
  componentsOf(ownerRefs?: string[]): Promise<OwnedComponent[]> {
    return readComponentsOf(this.knex, ownerRefs);
  }

  lastEvaluatedAt(): Promise<string | undefined> {
    return readLastEvaluatedAt(this.knex);
  }

  history(entityRef: string): Promise<EntityHistory> {
    return readHistory(this.knex, entityRef);
  }

  /** Replaces one day's roll-up rows (a later evaluation the same day wins). */
  writeDaily(day: string, rows: DailyRow[]): Promise<void> {
    return writeDaily(this.knex, day, rows);
  }

  daily(
    groupRef: string,
    trackId: string,
    sinceDay: string,
  ): Promise<Array<{ day: string; level: number; components: number }>> {
    return readDaily(this.knex, groupRef, trackId, sinceDay);
  }

  async pruneDaily(beforeDay: string): Promise<void> {
    await pruneDaily(this.knex, beforeDay);
  }

  /** A new exemption of the same check replaces the one in force. */
  createExemption(input: NewExemption): Promise<Exemption> {
    return createExemption(this.knex, input);
  }

  /** Revokes an exemption in force; undefined when there is none with this id. */
  revokeExemption(
    id: string,
    revokedBy: string,
    now: Date,
  ): Promise<Exemption | undefined> {
    return revokeExemption(this.knex, id, revokedBy, now);
  }

  exemption(id: string): Promise<Exemption | undefined> {
    return readExemption(this.knex, id);
  }

  /** Exemptions of these entities (all entities when undefined), newest first. */
  exemptions(entityRefs?: string[]): Promise<Exemption[]> {
    return readExemptions(this.knex, entityRefs);
  }

  /** Exemptions in force at `now`. */
  activeExemptions(now: Date): Promise<Exemption[]> {
    return readActiveExemptions(this.knex, now);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.knex, entry);
  }

  auditTrail(entityRef?: string, limit = 200): Promise<AuditEntry[]> {
    return readAuditTrail(this.knex, entityRef, limit);
  }
}
