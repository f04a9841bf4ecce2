import {
  DbTime,
  parseJson,
  toIso,
} from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import { AuditEntry } from './rows';

export async function insertAudit(knex: Knex, entry: AuditEntry) {
  await knex('scorecard_audit').insert({
    at: new Date(entry.at),
    actor: entry.actor,
    action: entry.action,
    entity_ref: entry.entityRef ?? null,
    check_id: entry.checkId ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  });
}

/** The newest entries first, of one entity or all. */
export async function readAuditTrail(
  knex: Knex,
  entityRef: string | undefined,
  limit: number,
): Promise<AuditEntry[]> {
  const query = knex('scorecard_audit').orderBy('id', 'desc').limit(limit);
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
