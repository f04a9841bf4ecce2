import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  EventSelection,
  ReconstitutionAuditEntry,
  ReconstitutionJob,
  ReconstitutionProgressSample,
} from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';
import {
  DbTime,
  parseJson,
  toDate,
} from '@internal/backstage-plugin-portal-node';
import { migratedClient } from './migrate';
import { insertAudit, NewAuditEntry, readAuditEntries } from './jobAudit';
import { JobListQuery, listJobs, withWaitReasons } from './jobList';
import {
  claimJob,
  finishJob,
  JobOutcome,
  JobProgress,
  recordFinalCounts,
  recordProgress,
  releaseJob,
} from './jobLease';
import { JOBS, JobRow, PROGRESS } from './jobRow';

/** Entity ids a job's detail lists. */
const LISTED_ENTITY_IDS = 1000;
/** Progress samples a job's detail returns (evenly thinned beyond). */
const MAX_SAMPLES = 300;

export type NewJob = {
  environment: string;
  source: string;
  receiver: { entityRef: string; queue: string; ownerRef?: string };
  selection: EventSelection;
  ratePerSecond?: number;
  matched: number;
  createdBy: string;
  /** The job waits for approval until then (four eyes on production). */
  approvalExpiresAt?: Date;
};

/**
 * Reconstitution jobs: created by the API, claimed and advanced by the
 * worker of exactly one backend instance at a time (the worker's queries
 * are in jobLease.ts, the list's in jobList.ts).
 */
export class JobStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<JobStore> {
    return new JobStore(
      await migratedClient(options.database, options.skipMigrations),
    );
  }

  constructor(private readonly knex: Knex) {}

  async createJob(job: NewJob): Promise<ReconstitutionJob> {
    const id = randomUUID();
    const now = new Date();
    const { selection } = job;
    const row = {
      id,
      environment: job.environment,
      source: job.source,
      receiver_ref: job.receiver.entityRef,
      receiver_queue: job.receiver.queue,
      receiver_owner_ref: job.receiver.ownerRef ?? null,
      producer_domain: selection.domain,
      entity_type: selection.entityType,
      from_at: selection.from ? new Date(selection.from) : null,
      // An open-ended job ends where history ended when it was asked for:
      // later events reach the receiver through its own subscription.
      to_at: selection.to ? new Date(selection.to) : now,
      event_names: JSON.stringify(selection.eventNames ?? []),
      entity_ids: JSON.stringify(selection.entityIds ?? []),
      entity_id_count: selection.entityIds?.length ?? 0,
      rate_per_second: job.ratePerSecond ?? null,
      state: job.approvalExpiresAt ? 'awaiting-approval' : 'pending',
      approval_expires_at: job.approvalExpiresAt ?? null,
      matched: job.matched,
      created_by: job.createdBy,
      created_at: now,
    };
    await this.knex.transaction(async tx => {
      await tx(JOBS).insert(row);
      await insertAudit(tx, {
        actor: job.createdBy,
        action: 'create',
        jobId: id,
      });
    });
    return (await this.getJob(id))!;
  }

  async row(id: string): Promise<JobRow | undefined> {
    return this.knex<JobRow>(JOBS).where({ id }).first();
  }

  async getJob(id: string): Promise<ReconstitutionJob | undefined> {
    const row = await this.row(id);
    if (!row) return undefined;
    const [job] = await withWaitReasons(this.knex, [row]);
    return job;
  }

  async listJobs(
    query: JobListQuery,
  ): Promise<{ items: ReconstitutionJob[]; nextCursor?: string }> {
    return listJobs(this.knex, query);
  }

  async entityIds(id: string, limit = LISTED_ENTITY_IDS): Promise<string[]> {
    const row = await this.knex<JobRow>(JOBS).where({ id }).first('entity_ids');
    return parseJson<string[]>(row?.entity_ids, []).slice(0, limit);
  }

  async progressSamples(id: string): Promise<ReconstitutionProgressSample[]> {
    const rows: Array<{ at: DbTime; sent: number; confirmed: number }> =
      await this.knex(PROGRESS)
        .where({ job_id: id })
        .orderBy('at')
        .select('at', 'sent', 'confirmed');
    const step = Math.ceil(rows.length / MAX_SAMPLES);
    return rows
      .filter((_, i) => i % step === 0 || i === rows.length - 1)
      .map(r => ({
        at: toDate(r.at).toISOString(),
        sent: Number(r.sent),
        confirmed: Number(r.confirmed),
      }));
  }

  async auditEntries(id: string): Promise<ReconstitutionAuditEntry[]> {
    return readAuditEntries(this.knex, id);
  }

  async audit(entry: NewAuditEntry, tx: Knex = this.knex) {
    await insertAudit(tx, entry);
  }

  /**
   * awaiting-approval → pending (the worker may claim it), unless it
   * expired or another decision came first: then false.
   */
  async approve(id: string, approver: string, now: Date): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const won = await tx(JOBS)
        .where({ id, state: 'awaiting-approval' })
        .where('approval_expires_at', '>', now)
        .update({
          state: 'pending',
          approval_decided_by: approver,
          approval_decided_at: now,
        });
      if (won === 1) {
        await insertAudit(tx, {
          actor: approver,
          action: 'approve',
          jobId: id,
        });
      }
      return won === 1;
    });
  }

  /** awaiting-approval → refused or expired; false when no longer awaiting. */
  async closeApproval(
    id: string,
    to: 'refused' | 'expired',
    options: { actor: string; reason: string; now: Date },
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const won = await tx(JOBS)
        .where({ id, state: 'awaiting-approval' })
        .update({
          state: to,
          reason: options.reason,
          finished_at: options.now,
          approval_decided_by: to === 'refused' ? options.actor : null,
          approval_decided_at: options.now,
          approval_reason: options.reason,
        });
      if (won === 1) {
        await insertAudit(tx, {
          actor: options.actor,
          action: to === 'refused' ? 'refuse' : 'expire',
          jobId: id,
          details: options.reason,
        });
      }
      return won === 1;
    });
  }

  /** Jobs still awaiting approval whose expiry has passed. */
  async dueApprovals(now: Date, limit = 100): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.knex(JOBS)
      .where('state', 'awaiting-approval')
      .where('approval_expires_at', '<=', now)
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  /**
   * Cancels a pending or running job. A running job's worker notices at its
   * next progress write and stops publishing.
   */
  async cancel(
    id: string,
    actor: string,
  ): Promise<ReconstitutionJob | undefined> {
    const changed = await this.knex.transaction(async tx => {
      const updated = await tx(JOBS)
        .where({ id })
        // An awaiting job may be withdrawn as well.
        .whereIn('state', ['pending', 'running', 'awaiting-approval'])
        .update({
          state: 'cancelled',
          reason: `Cancelled by ${actor}`,
          finished_at: new Date(),
        });
      if (updated)
        await insertAudit(tx, { actor, action: 'cancel', jobId: id });
      return updated > 0;
    });
    return changed ? this.getJob(id) : undefined;
  }

  /** See claimJob. */
  async claim(options: {
    environments: string[];
    workerId: string;
    staleBefore: Date;
  }): Promise<{ row: JobRow; resumed: boolean } | undefined> {
    return claimJob(this.knex, options);
  }

  /** See recordProgress: false when the worker must stop. */
  async progress(
    id: string,
    workerId: string,
    progress: JobProgress,
    sample: boolean,
  ): Promise<boolean> {
    return recordProgress(this.knex, id, workerId, progress, sample);
  }

  /** See recordFinalCounts. */
  async finalCounts(
    id: string,
    workerId: string,
    progress: { position?: string; sent: number; confirmed: number },
  ) {
    await recordFinalCounts(this.knex, id, workerId, progress);
  }

  /** Hands a running job back (e.g. the broker went away) to be resumed. */
  async release(id: string, workerId: string) {
    await releaseJob(this.knex, id, workerId);
  }

  /** Ends a running job this worker holds; false when it no longer did. */
  async finish(
    id: string,
    workerId: string,
    outcome: JobOutcome,
  ): Promise<boolean> {
    return finishJob(this.knex, id, workerId, outcome);
  }
}
