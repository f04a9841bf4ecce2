import { randomUUID } from 'node:crypto';
import {
  AuditorServiceEventSeverityLevel,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import type { JsonObject } from '@backstage/config';
import {
  chunks,
  DbTime,
  migratedClient,
  parseJson,
  toDate,
} from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';

const TABLE = 'humio_audit_outbox';

/**
 * Not knex_migrations: the outbox shares the database of the plugin it
 * audits, and knex refuses to migrate when its table names migrations that
 * are not in the directory.
 */
export const AUDIT_MIGRATIONS_TABLE = 'humio_audit_knex_migrations';

/**
 * Meta bigger than this is replaced by a note saying so: one scaffolder run
 * with huge parameters must not make every ingest request that carries it
 * too big. The log line of the event keeps all of it.
 */
const MAX_META_CHARS = 64 * 1024;

/** Rows a single statement names by key, within SQLite's bound parameters. */
const KEYS_PER_STATEMENT = 500;

/** An audit event as stored in the outbox. */
export type AuditOutboxRow = {
  /** Generated at insert; sent to Humio as the event's `id`. */
  id: string;
  plugin: string;
  eventId: string;
  severity: AuditorServiceEventSeverityLevel;
  status: 'initiated' | 'succeeded' | 'failed';
  /** User entity ref or service subject; absent when nobody could be told. */
  actor?: string;
  actorDetails?: { ip?: string; hostname?: string; userAgent?: string };
  request?: { method: string; url: string };
  meta?: JsonObject;
  /** Why the audited action failed (status failed). */
  error?: string;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  /** Why shipping failed the last time. */
  lastError?: string;
  shippedAt?: Date;
};

/** A batch claimed for shipping; only its claimant may settle it. */
export type AuditOutboxClaim = {
  claimId: string;
  rows: AuditOutboxRow[];
};

type Row = {
  seq: number | string;
  id: string;
  plugin_id: string;
  event_id: string;
  severity: string;
  status: string;
  actor: string | null;
  actor_details: string | null;
  request_method: string | null;
  request_url: string | null;
  meta: string | null;
  error: string | null;
  created_at: DbTime;
  attempts: number;
  next_attempt_at: DbTime;
  last_error: string | null;
  claimed_by: string | null;
  shipped_at: DbTime | null;
};

/**
 * The durable outbox of audit events in one plugin's database: written when
 * an event happens, claimed in batches by a shipper, settled as shipped or
 * put back with a later attempt time, and emptied of shipped events after a
 * retention. Unshipped events are never deleted.
 *
 * Times are written from this process's clock (never the database's): SQLite
 * stores bound dates as epoch milliseconds and its CURRENT_TIMESTAMP as text,
 * which would not compare.
 */
export class AuditOutbox {
  private constructor(private readonly knex: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<AuditOutbox> {
    const knex = await migratedClient(options.database, {
      packageName: '@internal/backstage-plugin-humio-node',
      tableName: AUDIT_MIGRATIONS_TABLE,
      skipMigrations: options.skipMigrations,
    });
    return new AuditOutbox(knex);
  }

  /** Stores an event, due for shipping at once; returns its outbox id. */
  async insert(event: AuditorEvent, options?: { now?: Date }): Promise<string> {
    const id = randomUUID();
    const now = options?.now ?? new Date();
    const { actorId, ...actorDetails } = event.actor ?? {};
    const details = Object.fromEntries(
      Object.entries(actorDetails).filter(([, v]) => v !== undefined),
    );
    await this.knex(TABLE).insert({
      id,
      plugin_id: event.plugin,
      event_id: event.eventId,
      severity: event.severityLevel,
      status: event.status,
      actor: actorId ?? null,
      actor_details:
        Object.keys(details).length > 0 ? JSON.stringify(details) : null,
      request_method: event.request?.method ?? null,
      request_url: event.request?.url ?? null,
      meta: event.meta ? boundedMeta(event.meta) : null,
      error: event.status === 'failed' ? describeError(event.error) : null,
      created_at: now,
      attempts: 0,
      next_attempt_at: now,
    });
    return id;
  }

  /**
   * Claims up to `limit` due, unshipped events, oldest first, for `leaseMs`:
   * until then no other claim takes them, even from another instance. On
   * Postgres the rows are picked with FOR UPDATE SKIP LOCKED, so concurrent
   * claims never pick the same rows; SQLite has one writer at a time.
   */
  async claim(options: {
    limit: number;
    leaseMs: number;
    now?: Date;
  }): Promise<AuditOutboxClaim> {
    const claimId = randomUUID();
    const now = options.now ?? new Date();
    const leaseUntil = new Date(now.getTime() + options.leaseMs);
    const lockRows = this.locksRows();
    const rows = await this.knex.transaction(async tx => {
      const due: Array<{ seq: number | string }> = await tx(TABLE)
        .select('seq')
        .whereNull('shipped_at')
        .where('next_attempt_at', '<=', now)
        .orderBy('seq')
        .limit(options.limit)
        .modify(query => {
          if (lockRows) query.forUpdate().skipLocked();
        });
      if (due.length === 0) return [];
      const seqs = due.map(r => r.seq);
      await tx(TABLE)
        .whereIn('seq', seqs)
        .update({ claimed_by: claimId, next_attempt_at: leaseUntil });
      return (await tx(TABLE)
        .whereIn('seq', seqs)
        .where('claimed_by', claimId)
        .orderBy('seq')) as Row[];
    });
    return { claimId, rows: rows.map(toOutboxRow) };
  }

  /**
   * Settles a claim as shipped. Rows whose lease ran out and that another
   * claim took meanwhile are left to that claim; returns how many were
   * settled.
   */
  async markShipped(
    claimId: string,
    ids: string[],
    options?: { now?: Date },
  ): Promise<number> {
    const now = options?.now ?? new Date();
    let updated = 0;
    for (const chunk of chunks(ids, KEYS_PER_STATEMENT)) {
      updated += await this.knex(TABLE)
        .whereIn('id', chunk)
        .where('claimed_by', claimId)
        .update({ shipped_at: now, claimed_by: null, last_error: null });
    }
    return updated;
  }

  /**
   * Settles a claim as not shipped: each row's attempts go up by one and its
   * next attempt is `backoffMs(attempts)` from now.
   */
  async markFailed(
    claim: AuditOutboxClaim,
    options: {
      error: string;
      backoffMs: (attempts: number) => number;
      now?: Date;
    },
  ): Promise<number> {
    const now = options.now ?? new Date();
    // Rows of a batch mostly share their attempt count: one update per count.
    const byAttempts = new Map<number, string[]>();
    for (const row of claim.rows) {
      const list = byAttempts.get(row.attempts + 1) ?? [];
      list.push(row.id);
      byAttempts.set(row.attempts + 1, list);
    }
    let updated = 0;
    for (const [attempts, ids] of byAttempts) {
      for (const chunk of chunks(ids, KEYS_PER_STATEMENT)) {
        updated += await this.knex(TABLE)
          .whereIn('id', chunk)
          .where('claimed_by', claim.claimId)
          .whereNull('shipped_at')
          .update({
            attempts,
            next_attempt_at: new Date(
              now.getTime() + options.backoffMs(attempts),
            ),
            last_error: options.error.slice(0, 4000),
            claimed_by: null,
          });
      }
    }
    return updated;
  }

  /** Deletes events shipped before `cutoff`; returns how many. */
  async deleteShippedBefore(cutoff: Date): Promise<number> {
    return this.knex(TABLE)
      .whereNotNull('shipped_at')
      .where('shipped_at', '<', cutoff)
      .delete();
  }

  /** Every stored event, oldest first: for tests and troubleshooting. */
  async list(options?: { shipped?: boolean }): Promise<AuditOutboxRow[]> {
    const rows: Row[] = await this.knex(TABLE)
      .modify(query => {
        if (options?.shipped === true) query.whereNotNull('shipped_at');
        if (options?.shipped === false) query.whereNull('shipped_at');
      })
      .orderBy('seq');
    return rows.map(toOutboxRow);
  }

  /** How many events wait, and the oldest of them. */
  async backlog(): Promise<{ pending: number; oldest?: Date }> {
    const [row] = await this.knex(TABLE)
      .whereNull('shipped_at')
      .count({ pending: '*' })
      .min({ oldest: 'created_at' });
    return {
      pending: Number(row?.pending ?? 0),
      oldest: row?.oldest ? toDate(row.oldest as DbTime) : undefined,
    };
  }

  private locksRows(): boolean {
    const client = String(this.knex.client.config.client ?? '');
    return (
      client === 'pg' ||
      client.includes('postgres') ||
      client.startsWith('mysql')
    );
  }
}

function toOutboxRow(row: Row): AuditOutboxRow {
  return {
    id: row.id,
    plugin: row.plugin_id,
    eventId: row.event_id,
    severity: row.severity as AuditorServiceEventSeverityLevel,
    status: row.status as AuditOutboxRow['status'],
    actor: row.actor ?? undefined,
    actorDetails: parseJson<AuditOutboxRow['actorDetails']>(
      row.actor_details,
      undefined,
    ),
    request:
      row.request_method && row.request_url !== null
        ? { method: row.request_method, url: row.request_url }
        : undefined,
    meta: parseJson<JsonObject | undefined>(row.meta, undefined),
    error: row.error ?? undefined,
    createdAt: toDate(row.created_at),
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    lastError: row.last_error ?? undefined,
    shippedAt: row.shipped_at === null ? undefined : toDate(row.shipped_at),
  };
}

function boundedMeta(meta: JsonObject): string {
  const text = JSON.stringify(meta);
  if (text.length <= MAX_META_CHARS) return text;
  return JSON.stringify({
    truncated: true,
    size: text.length,
    keys: Object.keys(meta).slice(0, 100),
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`.slice(0, 4000);
  }
  return String(error).slice(0, 4000);
}
