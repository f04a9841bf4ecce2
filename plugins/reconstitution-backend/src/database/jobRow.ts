import type {
  EventSelection,
  ReconstitutionJob,
  ReconstitutionJobState,
} from '@internal/backstage-plugin-reconstitution-common';
import { describeJobApprovers } from '@internal/backstage-plugin-reconstitution-common';
import {
  DbTime,
  parseJson,
  toDate,
} from '@internal/backstage-plugin-portal-node';

export const JOBS = 'reconstitution_jobs';
export const PROGRESS = 'reconstitution_job_progress';
export const AUDIT = 'reconstitution_audit';

export type JobRow = {
  id: string;
  environment: string;
  source: string;
  receiver_ref: string;
  receiver_queue: string;
  receiver_owner_ref: string | null;
  producer_domain: string;
  entity_type: string;
  from_at: DbTime | null;
  to_at: DbTime | null;
  event_names: string;
  entity_ids: string;
  entity_id_count: number;
  rate_per_second: number | null;
  state: ReconstitutionJobState;
  reason: string | null;
  matched: number | string;
  sent: number | string;
  confirmed: number | string;
  rate: number | null;
  position: string | null;
  created_by: string;
  created_at: DbTime;
  started_at: DbTime | null;
  finished_at: DbTime | null;
  claimed_by: string | null;
  heartbeat_at: DbTime | null;
  approval_expires_at?: DbTime | null;
  approval_decided_by?: string | null;
  approval_decided_at?: DbTime | null;
  approval_reason?: string | null;
};

const iso = (value: DbTime | null) =>
  value === null || value === undefined
    ? undefined
    : toDate(value).toISOString();

export function toJob(row: JobRow): ReconstitutionJob {
  const matched = Number(row.matched);
  const confirmed = Number(row.confirmed);
  const running = row.state === 'running';
  const rate = running && row.rate ? row.rate : undefined;
  return {
    id: row.id,
    state: row.state,
    reason: row.reason ?? undefined,
    environment: row.environment,
    receiver: {
      entityRef: row.receiver_ref,
      queue: row.receiver_queue,
      ownerRef: row.receiver_owner_ref ?? undefined,
    },
    producer: { domain: row.producer_domain, entityType: row.entity_type },
    source: row.source,
    from: iso(row.from_at),
    to: iso(row.to_at),
    eventNames: parseJson<string[]>(row.event_names, []),
    entityIdCount: row.entity_id_count,
    ratePerSecond: row.rate_per_second ?? undefined,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    ...(row.approval_expires_at
      ? {
          approval: {
            expiresAt: iso(row.approval_expires_at)!,
            approvers: describeJobApprovers(
              row.receiver_owner_ref ?? undefined,
            ),
            decidedBy: row.approval_decided_by ?? undefined,
            decidedAt: iso(row.approval_decided_at ?? null),
            reason: row.approval_reason ?? undefined,
            canDecide: false,
          },
        }
      : {}),
    progress: {
      matched,
      sent: Number(row.sent),
      confirmed,
      ratePerSecond: rate,
      etaSeconds:
        rate && matched > confirmed
          ? Math.ceil((matched - confirmed) / rate)
          : undefined,
    },
  };
}

/** What a job's worker needs to read its events. */
export function jobSelection(row: JobRow): EventSelection {
  const entityIds = parseJson<string[]>(row.entity_ids, []);
  const eventNames = parseJson<string[]>(row.event_names, []);
  return {
    source: row.source,
    environment: row.environment,
    domain: row.producer_domain,
    entityType: row.entity_type,
    from: iso(row.from_at),
    to: iso(row.to_at),
    entityIds: entityIds.length ? entityIds : undefined,
    eventNames: eventNames.length ? eventNames : undefined,
  };
}
