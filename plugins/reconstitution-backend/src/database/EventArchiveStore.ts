import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  ArchivedEvent,
  ArchivedProducer,
  DryRunResult,
  EventSelection,
} from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';

const TABLE = 'reconstitution_events';
const INSERT_CHUNK = 500;

/** An event to archive, as read from the broker. */
export type EventToArchive = Omit<
  ArchivedEvent,
  'occurredAt' | 'bodyBase64'
> & {
  occurredAt: Date;
  body: Buffer;
};

/** Where a scan of the archive stopped; the next page starts after it. */
export type ArchivePosition = { occurredAt: Date; seq: number };

type DbTime = Date | string | number;

type EventRow = {
  environment: string;
  occurred_at: DbTime;
  message_id: string;
  seq: number | string;
  producer_domain: string;
  entity_type: string;
  entity_id: string;
  event_name: string;
  exchange: string;
  routing_key: string;
  headers: string;
  properties: string;
  body: Buffer | Uint8Array;
};

function toDate(value: DbTime): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const numeric = Number(value);
  return Number.isFinite(numeric) && value.trim() !== ''
    ? new Date(numeric)
    : new Date(value);
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function checkDate(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(`Invalid ${field}: must be an ISO 8601 date-time`);
  }
  return date;
}

/** First day of the month of `date`, in UTC. */
function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/**
 * The event archive: every integration event an environment's exchanges
 * carried, kept so jobs can deliver them again. Storing is idempotent per
 * (environment, occurred-at, message id).
 */
export class EventArchiveStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<EventArchiveStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/backstage-plugin-reconstitution-backend',
          'migrations',
        ),
      });
    }
    return new EventArchiveStore(knex);
  }

  private readonly isPostgres: boolean;
  /** Months whose partition is known to exist. */
  private readonly partitions = new Set<number>();

  private constructor(private readonly knex: Knex) {
    const client = String(knex.client.config.client ?? '');
    this.isPostgres = client === 'pg' || client.includes('postgres');
  }

  /** Stores events; ones already archived are counted as duplicates. */
  async archive(
    events: EventToArchive[],
  ): Promise<{ archived: number; duplicates: number }> {
    if (events.length === 0) return { archived: 0, duplicates: 0 };
    if (this.isPostgres) {
      await this.ensurePartitions(events.map(e => e.occurredAt));
    }
    const archivedAt = new Date();
    let archived = 0;
    for (let i = 0; i < events.length; i += INSERT_CHUNK) {
      const rows = events.slice(i, i + INSERT_CHUNK).map(e => ({
        environment: e.environment,
        occurred_at: e.occurredAt,
        message_id: e.messageId,
        producer_domain: e.domain,
        entity_type: e.entityType,
        entity_id: e.entityId,
        event_name: e.eventName,
        exchange: e.exchange,
        routing_key: e.routingKey,
        headers: JSON.stringify(e.headers),
        properties: JSON.stringify(e.properties),
        body: e.body,
        archived_at: archivedAt,
      }));
      const inserted = await this.knex(TABLE)
        .insert(rows)
        .onConflict(['environment', 'occurred_at', 'message_id'])
        .ignore()
        .returning('message_id');
      archived += inserted.length;
    }
    return { archived, duplicates: events.length - archived };
  }

  /**
   * Creates the monthly partitions the given times fall in. Two instances
   * may race to create one; the loser finds it there.
   */
  private async ensurePartitions(times: Date[]) {
    const months = [...new Set(times.map(t => monthStart(t).getTime()))];
    for (const month of months) {
      if (this.partitions.has(month)) continue;
      const start = new Date(month);
      const end = new Date(
        Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1),
      );
      const name = `${TABLE}_y${start.getUTCFullYear()}m${String(
        start.getUTCMonth() + 1,
      ).padStart(2, '0')}`;
      try {
        await this.knex.raw(
          `CREATE TABLE IF NOT EXISTS ?? PARTITION OF ?? FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
          [name, TABLE],
        );
      } catch (error) {
        const exists = await this.knex.raw(`SELECT to_regclass(?) AS t`, [
          name,
        ]);
        if (!exists.rows[0]?.t) throw error;
      }
      this.partitions.add(month);
    }
  }

  private selectionFilter(selection: EventSelection) {
    const from = checkDate(selection.from, 'from');
    const to = checkDate(selection.to, 'to');
    if (from && to && to <= from) {
      throw new InputError('Invalid to: must be after from');
    }
    return (builder: Knex.QueryBuilder) => {
      builder
        .where('environment', selection.environment)
        .where('producer_domain', selection.domain)
        .where('entity_type', selection.entityType);
      if (from) builder.where('occurred_at', '>=', from);
      if (to) builder.where('occurred_at', '<', to);
      if (selection.eventNames?.length) {
        builder.whereIn('event_name', selection.eventNames);
      }
      if (selection.entityIds?.length) {
        if (this.isPostgres) {
          // One array parameter: 100,000 ids stay within the bind limit.
          builder.whereRaw('entity_id = ANY(?)', [selection.entityIds]);
        } else {
          builder.whereIn('entity_id', selection.entityIds);
        }
      }
    };
  }

  /** How many events a selection matches, per event name, with a sample. */
  async dryRun(
    selection: EventSelection,
    sampleSize = 10,
  ): Promise<DryRunResult> {
    const filter = this.selectionFilter(selection);
    const counts = (await this.knex(TABLE)
      .where(filter)
      .groupBy('event_name')
      .select('event_name')
      .count('* as count')
      .orderBy('event_name')) as Array<{
      event_name: string;
      count: number | string;
    }>;
    const { events } = await this.page(selection, sampleSize);
    return {
      total: counts.reduce((sum, c) => sum + Number(c.count), 0),
      byEventName: counts.map(c => ({
        eventName: c.event_name,
        count: Number(c.count),
      })),
      sample: events.map(
        ({ bodyBase64: _b, headers: _h, properties: _p, ...summary }) =>
          summary,
      ),
    };
  }

  /**
   * Matching events in delivery order (occurred-at, then archive order),
   * a page at a time: per entity, events come in the order they happened.
   */
  async page(
    selection: EventSelection,
    limit: number,
    after?: ArchivePosition,
  ): Promise<{ events: ArchivedEvent[]; next?: ArchivePosition }> {
    const rows: EventRow[] = await this.knex(TABLE)
      .where(this.selectionFilter(selection))
      .modify(builder => {
        if (after) {
          builder.where(inner =>
            inner
              .where('occurred_at', '>', after.occurredAt)
              .orWhere(same =>
                same
                  .where('occurred_at', '=', after.occurredAt)
                  .where('seq', '>', after.seq),
              ),
          );
        }
      })
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .limit(limit)
      .select('*');
    const events = rows.map(row => ({
      environment: row.environment,
      domain: row.producer_domain,
      entityType: row.entity_type,
      messageId: row.message_id,
      entityId: row.entity_id,
      eventName: row.event_name,
      occurredAt: toDate(row.occurred_at).toISOString(),
      exchange: row.exchange,
      routingKey: row.routing_key,
      headers: parseJson(row.headers, {}),
      properties: parseJson(row.properties, {}),
      bodyBase64: Buffer.from(row.body).toString('base64'),
    }));
    const last = rows[rows.length - 1];
    return {
      events,
      next:
        rows.length === limit && last
          ? { occurredAt: toDate(last.occurred_at), seq: Number(last.seq) }
          : undefined,
    };
  }

  /** The producers the archive has seen, with their event names. */
  async producers(environment?: string): Promise<ArchivedProducer[]> {
    const rows: Array<{
      environment: string;
      producer_domain: string;
      entity_type: string;
      event_name: string;
      count: number | string;
      first: DbTime;
      last: DbTime;
    }> = await this.knex(TABLE)
      .modify(b => {
        if (environment !== undefined) b.where('environment', environment);
      })
      .groupBy('environment', 'producer_domain', 'entity_type', 'event_name')
      .select('environment', 'producer_domain', 'entity_type', 'event_name')
      .count('* as count')
      .min('occurred_at as first')
      .max('occurred_at as last')
      .orderBy(['environment', 'producer_domain', 'entity_type', 'event_name']);
    const producers = new Map<string, ArchivedProducer>();
    for (const row of rows) {
      const key = JSON.stringify([
        row.environment,
        row.producer_domain,
        row.entity_type,
      ]);
      const first = toDate(row.first).toISOString();
      const last = toDate(row.last).toISOString();
      const producer = producers.get(key);
      if (!producer) {
        producers.set(key, {
          environment: row.environment,
          domain: row.producer_domain,
          entityType: row.entity_type,
          eventNames: [row.event_name],
          events: Number(row.count),
          firstOccurredAt: first,
          lastOccurredAt: last,
        });
      } else {
        producer.eventNames.push(row.event_name);
        producer.events += Number(row.count);
        if (first < producer.firstOccurredAt) producer.firstOccurredAt = first;
        if (last > producer.lastOccurredAt) producer.lastOccurredAt = last;
      }
    }
    return [...producers.values()];
  }
}
