import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  DeadLetterFilter,
  ReplayItemStatus,
  ReplayJob,
  ReplayJobItem,
  ReplayJobState,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  DbTime,
  parseJson,
  toDate,
} from '@internal/backstage-plugin-portal-node';
import { MESSAGES, REPLAY_ITEMS, REPLAY_JOBS } from './tables';

const CHUNK = 500;

export type { ReplayItemStatus };

/** Items listed with a job; failed ones first. */
const MAX_LISTED_ITEMS = 500;

type JobRow = {
  id: string;
  environment: string;
  created_by: string;
  created_at: DbTime;
  target: string;
  filter: string | null;
  rate_per_second: number | null;
  state: ReplayJobState;
  reason: string | null;
  total: number;
  sent: number;
  confirmed: number;
  failed: number;
  claimed_by: string | null;
  heartbeat_at: DbTime | null;
  finished_at: DbTime | null;
};

export type ReplayItem = ReplayJobItem;

/** What the worker needs of a message to publish it again. */
export type ReplaySource = {
  id: string;
  body: Buffer;
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
  originalExchange: string;
  originalRoutingKeys: string[];
  sourceQueue: string;
  replayCount: number;
};

/** Replay jobs and their items; messages move between states with them. */
export class ReplayStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Creates a job for the given messages that are 'unresolved' and moves
   * them to 'replaying', in one transaction. Other messages are left out.
   *
   * The items are the rows the UPDATE changed (RETURNING), not the rows a
   * SELECT saw: under read committed, two concurrent requests both see a
   * message unresolved, but only one UPDATE changes it, so no message is
   * in two jobs. SQLite serialises writers and supports RETURNING too.
   * When none of them is unresolved any more, nothing is created (409).
   */
  async createJob(options: {
    environment: string;
    createdBy: string;
    target: ReplayTarget;
    filter?: DeadLetterFilter;
    ratePerSecond?: number;
    ids: string[];
    /**
     * The approval request holding the messages: only messages it holds
     * are taken (and released). Without it, held messages are left out.
     */
    heldBy?: string;
  }): Promise<ReplayJob> {
    const id = randomUUID();
    const now = new Date();
    // Sorted: concurrent requests lock shared rows in the same order.
    const ids = [...new Set(options.ids.map(i => i.toLowerCase()))].sort();
    await this.retryingDeadlocks(() => this.insertJob(id, now, ids, options));
    return (await this.getJob(id))!;
  }

  /** Runs a write transaction again when Postgres chose it as a deadlock victim. */
  private async retryingDeadlocks(write: () => Promise<void>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) {
          throw error;
        }
      }
    }
  }

  private async insertJob(
    id: string,
    now: Date,
    ids: string[],
    options: Parameters<ReplayStore['createJob']>[0],
  ) {
    await this.knex.transaction(async tx => {
      const chosen: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const changed: Array<{ id: string }> = await tx(MESSAGES)
          .whereIn('id', ids.slice(i, i + CHUNK))
          .where('state', 'unresolved')
          .modify(b =>
            options.heldBy
              ? b.where('approval_id', options.heldBy)
              : b.whereNull('approval_id'),
          )
          .update(
            {
              state: 'replaying',
              state_changed_at: now,
              resolved_at: null,
              approval_id: null,
            },
            ['id'],
          );
        chosen.push(...changed.map(r => String(r.id).toLowerCase()));
      }
      if (chosen.length === 0) {
        throw new ConflictError(
          `None of the ${ids.length} selected messages is unresolved any more: another replay or a discard took them first`,
        );
      }
      await tx(REPLAY_JOBS).insert({
        id,
        environment: options.environment,
        created_by: options.createdBy,
        created_at: now,
        target: JSON.stringify(options.target),
        filter: options.filter ? JSON.stringify(options.filter) : null,
        rate_per_second: options.ratePerSecond ?? null,
        state: 'pending',
        reason: null,
        total: chosen.length,
        sent: 0,
        confirmed: 0,
        failed: 0,
        finished_at: null,
      });
      for (let i = 0; i < chosen.length; i += CHUNK) {
        await tx(REPLAY_ITEMS).insert(
          chosen.slice(i, i + CHUNK).map(messageId => ({
            job_id: id,
            message_id: messageId,
            status: 'pending',
          })),
        );
      }
    });
  }

  async getJob(id: string): Promise<ReplayJob | undefined> {
    const row = await this.row(id);
    return row ? toJob(row) : undefined;
  }

  /** The claim data of a job, for the worker. */
  async row(id: string): Promise<JobRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) {
      return undefined;
    }
    return this.knex(REPLAY_JOBS).where('id', id.toLowerCase()).first();
  }

  /** Newest first. */
  async listJobs(query: {
    environment?: string;
    limit: number;
  }): Promise<ReplayJob[]> {
    const rows: JobRow[] = await this.knex(REPLAY_JOBS)
      .modify(b => {
        if (query.environment !== undefined) {
          b.where('environment', query.environment);
        }
      })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(toJob);
  }

  /** The message ids of a job. */
  async messageIds(jobId: string): Promise<string[]> {
    const rows: Array<{ message_id: string }> = await this.knex(REPLAY_ITEMS)
      .where('job_id', jobId)
      .select('message_id');
    return rows.map(r => String(r.message_id).toLowerCase());
  }

  /** Up to 500 items of a job, failed ones first. */
  async items(
    jobId: string,
  ): Promise<{ items: ReplayItem[]; truncated: boolean }> {
    const rows: Array<{
      message_id: string;
      status: ReplayItemStatus;
      error: string | null;
    }> = await this.knex(REPLAY_ITEMS)
      .where('job_id', jobId)
      .orderByRaw(`CASE WHEN status = 'failed' THEN 0 ELSE 1 END`)
      .orderBy('message_id')
      .limit(MAX_LISTED_ITEMS + 1)
      .select('message_id', 'status', 'error');
    return {
      items: rows.slice(0, MAX_LISTED_ITEMS).map(r => ({
        messageId: String(r.message_id).toLowerCase(),
        status: r.status,
        ...(r.error !== null ? { error: r.error } : {}),
      })),
      truncated: rows.length > MAX_LISTED_ITEMS,
    };
  }

  /**
   * Cancels a pending or running job: the messages of its items not yet
   * confirmed go back to 'unresolved'. A publish still in flight that the
   * broker confirms afterwards marks its message 'replayed' (see
   * markConfirmed), so nothing is replayed without being confirmed and
   * nothing stays 'replaying'. Returns false when the job had already ended.
   */
  async cancel(jobId: string, reason: string): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const now = new Date();
      const updated = await tx(REPLAY_JOBS)
        .where('id', jobId)
        .whereIn('state', ['pending', 'running'])
        .update({ state: 'cancelled', reason, finished_at: now });
      if (updated === 0) {
        return false;
      }
      const pending: Array<{ message_id: string }> = await tx(REPLAY_ITEMS)
        .where('job_id', jobId)
        .whereIn('status', ['pending', 'sent'])
        .select('message_id');
      const ids = pending.map(p => p.message_id);
      for (let i = 0; i < ids.length; i += CHUNK) {
        await tx(MESSAGES)
          .whereIn('id', ids.slice(i, i + CHUNK))
          .where('state', 'replaying')
          .update({ state: 'unresolved', state_changed_at: now });
      }
      return true;
    });
  }

  /**
   * Claims one job of the given environments that is pending, or running
   * with a heartbeat older than `staleBefore`. The conditional update makes
   * the claim atomic: only one worker wins.
   */
  async claim(options: {
    environments: string[];
    workerId: string;
    staleBefore: Date;
  }): Promise<JobRow | undefined> {
    if (options.environments.length === 0) {
      return undefined;
    }
    const claimable = (b: Knex.QueryBuilder) =>
      b.where(inner =>
        inner
          .where('state', 'pending')
          .orWhere(stale =>
            stale
              .where('state', 'running')
              .where(hb =>
                hb
                  .whereNull('heartbeat_at')
                  .orWhere('heartbeat_at', '<', options.staleBefore),
              ),
          ),
      );
    const candidates: Array<{ id: string }> = await this.knex(REPLAY_JOBS)
      .whereIn('environment', options.environments)
      .modify(claimable)
      .orderBy('created_at')
      .limit(5)
      .select('id');
    for (const candidate of candidates) {
      const won = await this.knex(REPLAY_JOBS)
        .where('id', candidate.id)
        .modify(claimable)
        .update({
          state: 'running',
          claimed_by: options.workerId,
          heartbeat_at: new Date(),
        });
      if (won === 1) {
        return this.row(String(candidate.id));
      }
    }
    return undefined;
  }

  /** Returns false when the job is no longer running for this worker. */
  async heartbeat(jobId: string, workerId: string): Promise<boolean> {
    const updated = await this.knex(REPLAY_JOBS)
      .where({ id: jobId, claimed_by: workerId, state: 'running' })
      .update({ heartbeat_at: new Date() });
    return updated === 1;
  }

  /**
   * Items of a job in one status, in message id order after `afterId`.
   * 'sent' items are those whose outcome is unknown (the instance running
   * the job stopped before the broker confirmed them).
   */
  async itemsInStatus(
    jobId: string,
    status: 'pending' | 'sent',
    limit: number,
    afterId?: string,
  ): Promise<string[]> {
    const rows: Array<{ message_id: string }> = await this.knex(REPLAY_ITEMS)
      .where({ job_id: jobId, status })
      .modify(b => {
        if (afterId !== undefined) b.where('message_id', '>', afterId);
      })
      .orderBy('message_id')
      .limit(limit)
      .select('message_id');
    return rows.map(r => String(r.message_id).toLowerCase());
  }

  /** The messages to publish, in one query; missing ids are left out. */
  async loadSources(ids: string[]): Promise<ReplaySource[]> {
    const sources: ReplaySource[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: Array<{
        id: string;
        body: Buffer | Uint8Array | null;
        headers: string;
        properties: string;
        original_exchange: string;
        original_routing_keys: string;
        source_queue: string;
        replay_count: number | string;
      }> = await this.knex(MESSAGES)
        .whereIn('id', ids.slice(i, i + CHUNK))
        .select(
          'id',
          'body',
          'headers',
          'properties',
          'original_exchange',
          'original_routing_keys',
          'source_queue',
          'replay_count',
        );
      for (const row of rows) {
        sources.push({
          id: String(row.id).toLowerCase(),
          body: Buffer.from(row.body ?? []),
          headers: parseJson(row.headers, {}),
          properties: parseJson(row.properties, {}),
          originalExchange: row.original_exchange,
          originalRoutingKeys: parseJson<string[]>(
            row.original_routing_keys,
            [],
          ),
          sourceQueue: row.source_queue,
          replayCount: Number(row.replay_count),
        });
      }
    }
    return sources;
  }

  async markSent(jobId: string, messageIds: string[]) {
    for (let i = 0; i < messageIds.length; i += CHUNK) {
      await this.knex(REPLAY_ITEMS)
        .where('job_id', jobId)
        .whereIn('message_id', messageIds.slice(i, i + CHUNK))
        .where('status', 'pending')
        .update({ status: 'sent' });
    }
  }

  /**
   * Items the broker confirmed: their messages are 'replayed' by this job
   * (also when the job was cancelled while they were in flight).
   */
  async markConfirmed(jobId: string, messageIds: string[]) {
    if (messageIds.length === 0) return;
    const now = new Date();
    await this.knex.transaction(async tx => {
      for (let i = 0; i < messageIds.length; i += CHUNK) {
        const part = messageIds.slice(i, i + CHUNK);
        await tx(REPLAY_ITEMS)
          .where('job_id', jobId)
          .whereIn('message_id', part)
          .update({ status: 'confirmed', error: null });
        await tx(MESSAGES)
          .whereIn('id', part)
          .whereIn('state', ['replaying', 'unresolved'])
          .update({
            state: 'replayed',
            state_changed_at: now,
            resolved_at: now,
            replay_job_id: jobId,
          });
      }
    });
  }

  /** Failed items: their messages go back to 'unresolved'. */
  async markFailed(
    jobId: string,
    failures: Array<{ messageId: string; error: string }>,
  ) {
    if (failures.length === 0) return;
    const now = new Date();
    const byError = new Map<string, string[]>();
    for (const f of failures) {
      const error = f.error.slice(0, 2000);
      byError.set(error, [...(byError.get(error) ?? []), f.messageId]);
    }
    await this.knex.transaction(async tx => {
      for (const [error, ids] of byError) {
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          await tx(REPLAY_ITEMS)
            .where('job_id', jobId)
            .whereIn('message_id', part)
            .update({ status: 'failed', error });
          await tx(MESSAGES)
            .whereIn('id', part)
            .where('state', 'replaying')
            .update({ state: 'unresolved', state_changed_at: now });
        }
      }
    });
  }

  /** The most frequent errors of a job's failed items. */
  async failureSummary(
    jobId: string,
    limit: number,
  ): Promise<Array<{ error: string; count: number }>> {
    const rows: Array<{ error: string | null; n: number | string }> =
      await this.knex(REPLAY_ITEMS)
        .where({ job_id: jobId, status: 'failed' })
        .groupBy('error')
        .select('error', this.knex.raw('count(*) as n'))
        .orderBy('n', 'desc')
        .limit(limit);
    return rows.map(r => ({
      error: r.error ?? 'unknown error',
      count: Number(r.n),
    }));
  }

  /** Recomputes the counters of a job from its items. */
  async refreshCounts(jobId: string) {
    const rows: Array<{ status: ReplayItemStatus; n: number | string }> =
      await this.knex(REPLAY_ITEMS)
        .where('job_id', jobId)
        .groupBy('status')
        .select('status', this.knex.raw('count(*) as n'));
    const count = (s: ReplayItemStatus) =>
      Number(rows.find(r => r.status === s)?.n ?? 0);
    const counts = {
      total: (['pending', 'sent', 'confirmed', 'failed'] as const).reduce(
        (sum, s) => sum + count(s),
        0,
      ),
      sent: count('sent') + count('confirmed') + count('failed'),
      confirmed: count('confirmed'),
      failed: count('failed'),
    };
    await this.knex(REPLAY_JOBS).where('id', jobId).update(counts);
    return counts;
  }

  /** Ends a running job of this worker; false when it was not (cancelled). */
  async finish(
    jobId: string,
    workerId: string,
    outcome: { state: 'completed' | 'failed'; reason?: string },
  ): Promise<boolean> {
    const updated = await this.knex(REPLAY_JOBS)
      .where({ id: jobId, claimed_by: workerId, state: 'running' })
      .update({
        state: outcome.state,
        reason: outcome.reason ?? null,
        finished_at: new Date(),
      });
    return updated === 1;
  }

  /** Test helper and recovery aid: sets a job's heartbeat. */
  async setHeartbeat(jobId: string, at: Date) {
    await this.knex(REPLAY_JOBS)
      .where('id', jobId)
      .update({ heartbeat_at: at });
  }
}

export function toJob(row: JobRow): ReplayJob {
  let target: ReplayTarget = { kind: 'original' };
  try {
    target = JSON.parse(row.target);
  } catch {
    // keep the default
  }
  const filter = parseJson<DeadLetterFilter | null>(row.filter, null);
  const job: ReplayJob = {
    id: String(row.id).toLowerCase(),
    environment: row.environment,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    target,
    state: row.state,
    total: Number(row.total),
    sent: Number(row.sent),
    confirmed: Number(row.confirmed),
    failed: Number(row.failed),
  };
  if (filter) job.filter = filter;
  if (row.rate_per_second !== null) {
    job.ratePerSecond = Number(row.rate_per_second);
  }
  if (row.reason !== null) job.reason = row.reason;
  if (row.heartbeat_at !== null) {
    job.heartbeatAt = toDate(row.heartbeat_at).toISOString();
  }
  if (row.finished_at !== null) {
    job.finishedAt = toDate(row.finished_at).toISOString();
  }
  return job;
}
