import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  ApprovalAction,
  ApprovalState,
  DeadLetterApproval,
  DeadLetterFilter,
  ReplayTarget,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  DbTime,
  parseJson,
  toIso,
} from '@internal/backstage-plugin-portal-node';

import { UUID_PATTERN } from './conversions';
import { APPROVAL_ITEMS, APPROVALS, MESSAGES } from './tables';

const CHUNK = 500;

type ApprovalRow = {
  id: string;
  action: ApprovalAction;
  environment: string;
  state: ApprovalState;
  requested_by: string;
  requested_at: DbTime;
  expires_at: DbTime;
  message_count: number;
  owner_refs: string;
  target: string | null;
  filter: string | null;
  rate_per_second: number | null;
  decided_by: string | null;
  decided_at: DbTime | null;
  reason: string | null;
  job_id: string | null;
  affected: number | null;
};

/** A request as stored; `canDecide` is the service's to add per caller. */
export type StoredApproval = Omit<DeadLetterApproval, 'canDecide'>;

function toApproval(row: ApprovalRow): StoredApproval {
  return {
    id: String(row.id).toLowerCase(),
    action: row.action,
    environment: row.environment,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: toIso(row.requested_at),
    expiresAt: toIso(row.expires_at),
    messageCount: Number(row.message_count),
    ownerRefs: parseJson<string[] | null>(row.owner_refs, null) ?? [],
    ...(row.target
      ? { target: parseJson<ReplayTarget | undefined>(row.target, undefined) }
      : {}),
    ...(row.filter
      ? {
          filter: parseJson<DeadLetterFilter | undefined>(
            row.filter,
            undefined,
          ),
        }
      : {}),
    ...(row.rate_per_second !== null
      ? { ratePerSecond: Number(row.rate_per_second) }
      : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at !== null ? { decidedAt: toIso(row.decided_at) } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.job_id ? { jobId: String(row.job_id).toLowerCase() } : {}),
    ...(row.affected !== null ? { affected: Number(row.affected) } : {}),
  };
}

/**
 * Approval requests and the messages they hold. Every state change is a
 * conditional UPDATE on the request's state, so of two concurrent
 * decisions exactly one wins.
 */
export class ApprovalStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Holds the given messages that are unresolved and held by no other
   * request, and records the request over exactly those (UPDATE …
   * RETURNING, as replay creation does). 409 when none could be held.
   */
  async create(options: {
    action: ApprovalAction;
    environment: string;
    requestedBy: string;
    expiresAt: Date;
    ids: string[];
    ownerRefs: string[];
    target?: ReplayTarget;
    filter?: DeadLetterFilter;
    ratePerSecond?: number;
  }): Promise<StoredApproval> {
    const id = randomUUID();
    // Sorted: concurrent requests lock shared rows in the same order.
    const ids = [...new Set(options.ids.map(i => i.toLowerCase()))].sort();
    await this.knex.transaction(async tx => {
      const held: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const changed: Array<{ id: string }> = await tx(MESSAGES)
          .whereIn('id', ids.slice(i, i + CHUNK))
          .where('state', 'unresolved')
          .whereNull('approval_id')
          .update({ approval_id: id }, ['id']);
        held.push(...changed.map(r => String(r.id).toLowerCase()));
      }
      if (held.length === 0) {
        throw new ConflictError(
          `None of the ${ids.length} selected messages is free: another replay, discard or approval request took them first`,
        );
      }
      await tx(APPROVALS).insert({
        id,
        action: options.action,
        environment: options.environment,
        state: 'awaiting-approval',
        requested_by: options.requestedBy,
        requested_at: new Date(),
        expires_at: options.expiresAt,
        message_count: held.length,
        owner_refs: JSON.stringify(options.ownerRefs),
        target: options.target ? JSON.stringify(options.target) : null,
        filter: options.filter ? JSON.stringify(options.filter) : null,
        rate_per_second: options.ratePerSecond ?? null,
      });
      for (let i = 0; i < held.length; i += CHUNK) {
        await tx(APPROVAL_ITEMS).insert(
          held
            .slice(i, i + CHUNK)
            .map(messageId => ({ approval_id: id, message_id: messageId })),
        );
      }
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StoredApproval | undefined> {
    if (!UUID_PATTERN.test(id.toLowerCase())) return undefined;
    const row = await this.knex(APPROVALS)
      .where('id', id.toLowerCase())
      .first();
    return row ? toApproval(row) : undefined;
  }

  /** Newest first. */
  async list(query: {
    environment?: string;
    states?: ApprovalState[];
    limit: number;
  }): Promise<StoredApproval[]> {
    const rows: ApprovalRow[] = await this.knex(APPROVALS)
      .modify(b => {
        if (query.environment !== undefined) {
          b.where('environment', query.environment);
        }
        if (query.states?.length) b.whereIn('state', query.states);
      })
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(toApproval);
  }

  /** The ids of the messages a request was made over. */
  async messageIds(id: string): Promise<string[]> {
    const rows: Array<{ message_id: string }> = await this.knex(APPROVAL_ITEMS)
      .where('approval_id', id)
      .orderBy('message_id')
      .select('message_id');
    return rows.map(r => String(r.message_id).toLowerCase());
  }

  /**
   * awaiting-approval → approved, unless it expired meanwhile. Returns
   * false when another decision (or the expiry) came first.
   */
  async approve(id: string, approver: string, now: Date): Promise<boolean> {
    const won = await this.knex(APPROVALS)
      .where({ id, state: 'awaiting-approval' })
      .where('expires_at', '>', now)
      .update({ state: 'approved', decided_by: approver, decided_at: now });
    return won === 1;
  }

  /**
   * awaiting-approval → refused or expired, and its messages are free
   * again. Returns false when the request was no longer awaiting approval.
   */
  async close(
    id: string,
    to: 'refused' | 'expired',
    options: { decidedBy?: string; reason: string; now: Date },
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const won = await tx(APPROVALS)
        .where({ id, state: 'awaiting-approval' })
        .update({
          state: to,
          decided_by: options.decidedBy ?? null,
          decided_at: options.now,
          reason: options.reason,
        });
      if (won !== 1) return false;
      await tx(MESSAGES).where('approval_id', id).update({ approval_id: null });
      return true;
    });
  }

  /** Requests still awaiting approval whose expiry has passed. */
  async due(now: Date, limit = 100): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.knex(APPROVALS)
      .where('state', 'awaiting-approval')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .select('id');
    return rows.map(r => String(r.id).toLowerCase());
  }

  /** Approved requests whose execution was not recorded (a crash in between). */
  async unexecuted(limit = 100): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.knex(APPROVALS)
      .where('state', 'approved')
      .whereNull('job_id')
      .whereNull('affected')
      .limit(limit)
      .select('id');
    return rows.map(r => String(r.id).toLowerCase());
  }

  /**
   * Discards the messages an approved discard holds (and releases them);
   * running it again finds none. Records how many were discarded.
   */
  async executeDiscard(id: string, now: Date): Promise<number> {
    return this.knex.transaction(async tx => {
      const affected = await tx(MESSAGES)
        .where({ approval_id: id, state: 'unresolved' })
        .update({
          state: 'discarded',
          state_changed_at: now,
          resolved_at: now,
          approval_id: null,
        });
      await tx(MESSAGES).where('approval_id', id).update({ approval_id: null });
      await tx(APPROVALS).where('id', id).update({ affected });
      return affected;
    });
  }

  /** Records the replay job an approved replay started. */
  async recordJob(id: string, jobId: string | null): Promise<void> {
    await this.knex(APPROVALS)
      .where('id', id)
      .update(jobId ? { job_id: jobId } : { affected: 0 });
  }
}
