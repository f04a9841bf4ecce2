import { Exemption } from '@internal/backstage-plugin-tech-insights-common';
import { chunks } from '@internal/backstage-plugin-portal-node';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { exemptionFromRow, ExemptionRow } from './rows';

export type NewExemption = {
  entityRef: string;
  checkId: string;
  justification: string;
  expiresAt: Date;
  createdBy: string;
  now: Date;
};

export async function createExemption(
  knex: Knex,
  input: NewExemption,
): Promise<Exemption> {
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
  await knex.transaction(async tx => {
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
export async function revokeExemption(
  knex: Knex,
  id: string,
  revokedBy: string,
  now: Date,
): Promise<Exemption | undefined> {
  await knex('scorecard_exemptions')
    .where('id', id)
    .whereNull('revoked_at')
    .update({ revoked_by: revokedBy, revoked_at: now });
  return readExemption(knex, id);
}

export async function readExemption(
  knex: Knex,
  id: string,
): Promise<Exemption | undefined> {
  const row = (await knex('scorecard_exemptions').where('id', id).first()) as
    | ExemptionRow
    | undefined;
  return row ? exemptionFromRow(row) : undefined;
}

/** Exemptions of these entities (all entities when undefined), newest first. */
export async function readExemptions(
  knex: Knex,
  entityRefs?: string[],
): Promise<Exemption[]> {
  const query = knex('scorecard_exemptions').orderBy('created_at', 'desc');
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
export async function readActiveExemptions(
  knex: Knex,
  now: Date,
): Promise<Exemption[]> {
  const rows = (await knex('scorecard_exemptions')
    .whereNull('revoked_at')
    .where('expires_at', '>', now)) as ExemptionRow[];
  return rows.map(exemptionFromRow);
}
