import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  EventSelection,
  ReconstitutionAuditEntry,
  ReconstitutionJob,
  ReconstitutionJobState,
  ReconstitutionProgressSample,
} from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';
import { DbTime, migratedClient, parseJson, toDate } from './migrate';
import { describeJobApprovers } from '@internal/backstage-plugin-reconstitution-common';

const JOBS = 'reconstitution_jobs';
const PROGRESS = 'reconstitution_job_progress';
const AUDIT = 'reconstitution_audit';

/** Entity ids a job's detail lists. */
const LISTED_ENTITY_IDS = 1000;
/** Progress samples a job's detail returns (evenly thinned beyond). */
const MAX_SAMPLES = 300;

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

export type AuditAction = ReconstitutionAuditEntry['action'];

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

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    String(e?.code ?? '').startsWith('SQLITE_CONSTRAINT') ||
    /unique/i.test(String(e?.message ?? ''))
  );
}

type Cursor = { createdAt: number; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value?.createdAt === 'number' && typeof value?.id === 'string') {
      return value;
    }
  } catch {
    // reported below
  }
  throw new InputError('Invalid request: cursor: not a cursor of this list');
}

/**
 * Reconstitution jobs: created by the API, claimed and advanced by the
 * worker of exactly one backend instance at a time.
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
      await this.audit(
        { actor: job.createdBy, action: 'create', jobId: id },
        tx,
      );
    });
    return (await this.getJob(id))!;
  }

  async row(id: string): Promise<JobRow | undefined> {
    return this.knex<JobRow>(JOBS).where({ id }).first();
  }

  async getJob(id: string): Promise<ReconstitutionJob | undefined> {
    const row = await this.row(id);
    if (!row) return undefined;
    const [job] = await this.withWaitReasons([row]);
    return job;
  }

  /** Pending jobs say which job they wait for. */
  private async withWaitReasons(rows: JobRow[]): Promise<ReconstitutionJob[]> {
    const pending = rows.filter(r => r.state === 'pending');
    const running = pending.length
      ? await this.knex<JobRow>(JOBS)
          .where('state', 'running')
          .whereIn(
            'receiver_queue',
            [...new Set(pending.map(r => r.receiver_queue))].slice(0, 500),
          )
          .select('id', 'environment', 'receiver_queue')
      : [];
    return rows.map(row => {
      const job = toJob(row);
      if (row.state === 'pending') {
        const blocker = running.find(
          r =>
            r.environment === row.environment &&
            r.receiver_queue === row.receiver_queue,
        );
        job.reason = blocker
          ? `Waits for job ${blocker.id}, which is delivering to queue ${row.receiver_queue}`
          : 'Waits for a backend instance to start it';
      }
      return job;
    });
  }

  async listJobs(query: {
    states?: ReconstitutionJobState[];
    environment?: string;
    receiverRef?: string;
    createdBy?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: ReconstitutionJob[]; nextCursor?: string }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows: JobRow[] = await this.knex<JobRow>(JOBS)
      .modify(b => {
        if (query.states?.length) b.whereIn('state', query.states);
        if (query.environment) b.where('environment', query.environment);
        if (query.receiverRef) b.where('receiver_ref', query.receiverRef);
        if (query.createdBy) b.where('created_by', query.createdBy);
        if (after) {
          b.whereRaw('(created_at, id) < (?, ?)', [
            new Date(after.createdAt),
            after.id,
          ]);
        }
      })
      // The entity id list can be megabytes: not read for a list.
      .select(
        'id',
        'environment',
        'source',
        'receiver_ref',
        'receiver_queue',
        'receiver_owner_ref',
        'producer_domain',
        'entity_type',
        'from_at',
        'to_at',
        'event_names',
        'entity_id_count',
        'rate_per_second',
        'state',
        'reason',
        'matched',
        'sent',
        'confirmed',
        'rate',
        'created_by',
        'created_at',
        'started_at',
        'finished_at',
      )
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.withWaitReasons(page),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({
              createdAt: toDate(last.created_at).getTime(),
              id: last.id,
            })
          : undefined,
    };
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
    const rows: Array<{
      at: DbTime;
      actor: string;
      action: AuditAction;
      job_id: string;
      details: string | null;
    }> = await this.knex(AUDIT).where({ job_id: id }).orderBy('id');
    return rows.map(r => ({
      at: toDate(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      jobId: r.job_id,
      details: r.details ?? undefined,
    }));
  }

  async audit(
    entry: {
      actor: string;
      action: AuditAction;
      jobId: string;
      details?: string;
    },
    tx: Knex = this.knex,
  ) {
    await tx(AUDIT).insert({
      at: new Date(),
      actor: entry.actor,
      action: entry.action,
      job_id: entry.jobId,
      details: entry.details ?? null,
    });
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
        await this.audit({ actor: approver, action: 'approve', jobId: id }, tx);
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
        await this.audit(
          {
            actor: options.actor,
            action: to === 'refused' ? 'refuse' : 'expire',
            jobId: id,
            details: options.reason,
          },
          tx,
        );
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
      if (updated) await this.audit({ actor, action: 'cancel', jobId: id }, tx);
      return updated > 0;
    });
    return changed ? this.getJob(id) : undefined;
  }

  /**
   * Takes a job to run: first a running one whose instance stopped
   * heartbeating (it resumes), then the oldest pending one whose queue has
   * no running job. Every step is a compare-and-set, so one instance wins.
   */
  async claim(options: {
    environments: string[];
    workerId: string;
    staleBefore: Date;
  }): Promise<{ row: JobRow; resumed: boolean } | undefined> {
    const { environments, workerId, staleBefore } = options;
    if (environments.length === 0) return undefined;
    const now = new Date();

    const orphans: JobRow[] = await this.knex<JobRow>(JOBS)
      .where('state', 'running')
      .whereIn('environment', environments)
      .where(b =>
        b.whereNull('claimed_by').orWhere('heartbeat_at', '<', staleBefore),
      )
      .orderBy('created_at')
      .limit(10);
    for (const orphan of orphans) {
      const taken = await this.knex(JOBS)
        .where({ id: orphan.id, state: 'running' })
        .where(b =>
          orphan.claimed_by === null
            ? b.whereNull('claimed_by')
            : b
                .where('claimed_by', orphan.claimed_by)
                .where('heartbeat_at', '<', staleBefore),
        )
        .update({ claimed_by: workerId, heartbeat_at: now });
      if (taken === 1) {
        return { row: (await this.row(orphan.id))!, resumed: true };
      }
    }

    const candidates: Array<Pick<JobRow, 'id'>> = await this.knex<JobRow>(JOBS)
      .where('state', 'pending')
      .whereIn('environment', environments)
      .whereNotExists(
        this.knex(`${JOBS} as r`)
          .where('r.state', 'running')
          .whereRaw('r.environment = ??', [`${JOBS}.environment`])
          .whereRaw('r.receiver_queue = ??', [`${JOBS}.receiver_queue`]),
      )
      .orderBy('created_at')
      .limit(10)
      .select('id');
    for (const { id } of candidates) {
      // Read the clock now, not when the claim began: the job this one
      // waited for (same queue) may have finished since, and a start must
      // never be recorded before the previous job's end.
      const startedAt = new Date();
      try {
        const taken = await this.knex(JOBS)
          .where({ id, state: 'pending' })
          .update({
            state: 'running',
            claimed_by: workerId,
            heartbeat_at: startedAt,
            started_at: startedAt,
          });
        if (taken === 1) {
          return { row: (await this.row(id))!, resumed: false };
        }
      } catch (error) {
        // Another instance started a job for the same queue meanwhile.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return undefined;
  }

  /**
   * Records progress while the job is this worker's and running; false
   * when it is not (cancelled, or taken over), and the worker must stop.
   */
  async progress(
    id: string,
    workerId: string,
    progress: {
      position?: string;
      sent: number;
      confirmed: number;
      matched: number;
      rate?: number;
    },
    sample: boolean,
  ): Promise<boolean> {
    const now = new Date();
    const updated = await this.knex(JOBS)
      .where({ id, claimed_by: workerId, state: 'running' })
      .update({
        position: progress.position ?? null,
        sent: progress.sent,
        confirmed: progress.confirmed,
        matched: progress.matched,
        rate: progress.rate ?? null,
        heartbeat_at: now,
      });
    if (updated === 1 && sample) {
      await this.knex(PROGRESS).insert({
        job_id: id,
        at: now,
        sent: progress.sent,
        confirmed: progress.confirmed,
      });
    }
    return updated === 1;
  }

  /**
   * Keeps the counts of a job that was cancelled while this worker ran it
   * accurate: confirms that arrived after the cancel still count.
   */
  async finalCounts(
    id: string,
    workerId: string,
    progress: { position?: string; sent: number; confirmed: number },
  ) {
    await this.knex(JOBS)
      .where({ id, claimed_by: workerId })
      .whereNot('state', 'running')
      .update({
        position: progress.position ?? null,
        sent: progress.sent,
        confirmed: progress.confirmed,
        rate: null,
        claimed_by: null,
      });
  }

  /** Hands a running job back (e.g. the broker went away) to be resumed. */
  async release(id: string, workerId: string) {
    await this.knex(JOBS)
      .where({ id, claimed_by: workerId, state: 'running' })
      .update({ claimed_by: null, rate: null });
  }

  /** Ends a running job this worker holds; false when it no longer did. */
  async finish(
    id: string,
    workerId: string,
    outcome: {
      state: 'completed' | 'failed';
      reason?: string;
      position?: string;
      sent: number;
      confirmed: number;
      matched: number;
    },
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const now = new Date();
      const updated = await tx(JOBS)
        .where({ id, claimed_by: workerId, state: 'running' })
        .update({
          state: outcome.state,
          reason: outcome.reason ?? null,
          position: outcome.position ?? null,
          sent: outcome.sent,
          confirmed: outcome.confirmed,
          matched: outcome.matched,
          rate: null,
          finished_at: now,
          claimed_by: null,
        });
      if (updated !== 1) return false;
      await tx(PROGRESS).insert({
        job_id: id,
        at: now,
        sent: outcome.sent,
        confirmed: outcome.confirmed,
      });
      await this.audit(
        {
          actor: 'reconstitution-worker',
          action: outcome.state === 'completed' ? 'complete' : 'fail',
          jobId: id,
          details:
            outcome.reason ??
            `${outcome.confirmed} events delivered and confirmed`,
        },
        tx,
      );
      return true;
    });
  }
}
