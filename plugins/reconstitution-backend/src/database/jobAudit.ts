import type { ReconstitutionAuditEntry } from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';
import { DbTime, toDate } from '@internal/backstage-plugin-portal-node';
import { AUDIT } from './jobRow';

export type AuditAction = ReconstitutionAuditEntry['action'];

export type NewAuditEntry = {
  actor: string;
  action: AuditAction;
  jobId: string;
  details?: string;
};

/** One line of a job's own audit trail (shown on the job's page). */
export async function insertAudit(db: Knex, entry: NewAuditEntry) {
  await db(AUDIT).insert({
    at: new Date(),
    actor: entry.actor,
    action: entry.action,
    job_id: entry.jobId,
    details: entry.details ?? null,
  });
}

export async function readAuditEntries(
  db: Knex,
  jobId: string,
): Promise<ReconstitutionAuditEntry[]> {
  const rows: Array<{
    at: DbTime;
    actor: string;
    action: AuditAction;
    job_id: string;
    details: string | null;
  }> = await db(AUDIT).where({ job_id: jobId }).orderBy('id');
  return rows.map(r => ({
    at: toDate(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    jobId: r.job_id,
    details: r.details ?? undefined,
  }));
}
