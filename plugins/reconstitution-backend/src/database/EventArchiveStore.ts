import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  ArchivedEvent,
  ArchivedProducer,
  DryRunResult,
  EventSelection,
} from '@internal/backstage-plugin-reconstitution-common';
import type {
  ReconstitutionEventSource,
  SourcedEvent,
} from '@internal/backstage-plugin-reconstitution-node';
import { Knex } from 'knex';
import {
  DbTime,
  isPostgres,
  parseJson,
  toDate,
} from '@internal/backstage-plugin-portal-node';
import { storableText } from '../archive/storableText';
import { migratedClient } from './migrate';

const TABLE = 'reconstitution_events';
/** The archive's id as an event source. */
export const ARCHIVE_SOURCE_ID = 'archive';
const PRODUCERS = 'reconstitution_producers';
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

export function encodePosition(position: ArchivePosition): string {
  return `${position.occurredAt.getTime()}:${position.seq}`;
}

export function decodePosition(position: string): ArchivePosition {
  const match = /^(-?\d+):(\d+)$/.exec(position);
  if (!match) throw new InputError(`Invalid archive position '${position}'`);
  return { occurredAt: new Date(Number(match[1])), seq: Number(match[2]) };
}

function toSourcedEvent(row: EventRow): SourcedEvent {
  const occurredAt = toDate(row.occurred_at);
  return {
    environment: row.environment,
    domain: row.producer_domain,
    entityType: row.entity_type,
    messageId: row.message_id,
    entityId: row.entity_id,
    eventName: row.event_name,
    occurredAt: occurredAt.toISOString(),
    exchange: row.exchange,
    routingKey: row.routing_key,
    headers: parseJson(row.headers, {}),
    properties: parseJson(row.properties, {}),
    body: Buffer.from(row.body),
    position: encodePosition({ occurredAt, seq: Number(row.seq) }),
  };
}

/**
 * The event archive: every integration event an environment's exchanges
 * carried, kept so jobs can deliver them again. Storing is idempotent per
 * (environment, occurred-at, message id).
 */
export class EventArchiveStore implements ReconstitutionEventSource {
  readonly id = ARCHIVE_SOURCE_ID;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<EventArchiveStore> {
    const knex = await migratedClient(options.database, options.skipMigrations);
    return new EventArchiveStore(knex);
  }

  private readonly isPostgres: boolean;
  /** Months whose partition is known to exist. */
  private readonly partitions = new Set<number>();

  private constructor(private readonly knex: Knex) {
    this.isPostgres = isPostgres(knex);
  }

  /** Stores events; ones already archived are counted as duplicates. */
  async archive(
    events: EventToArchive[],
  ): Promise<{ archived: number; duplicates: number }> {
    try {
      return await this.archiveOnce(events);
    } catch (error) {
      // Retention on another instance dropped a month this one thought it
      // had: create it again (a late event of it is still kept).
      if (!this.isPostgres || !/no partition of relation/.test(String(error))) {
        throw error;
      }
      this.partitions.clear();
      return this.archiveOnce(events);
    }
  }

  private async archiveOnce(
    events: EventToArchive[],
  ): Promise<{ archived: number; duplicates: number }> {
    if (events.length === 0) return { archived: 0, duplicates: 0 };
    if (this.isPostgres) {
      await this.ensurePartitions(events.map(e => e.occurredAt));
    }
    const archivedAt = new Date();
    // One transaction for the whole call: a call that fails stores nothing,
    // so the archive service can split a failing batch and count exactly.
    // The summary commits with the events it counts.
    const archived = await this.knex.transaction(async tx => {
      let added = 0;
      for (let i = 0; i < events.length; i += INSERT_CHUNK) {
        const rows = events.slice(i, i + INSERT_CHUNK).map(e => ({
          environment: storableText(e.environment),
          occurred_at: e.occurredAt,
          message_id: storableText(e.messageId),
          producer_domain: storableText(e.domain),
          entity_type: storableText(e.entityType),
          entity_id: storableText(e.entityId),
          event_name: storableText(e.eventName),
          exchange: storableText(e.exchange),
          routing_key: storableText(e.routingKey),
          // JSON text: NUL and lone surrogates are escapes in it.
          headers: JSON.stringify(e.headers),
          properties: JSON.stringify(e.properties),
          body: e.body,
          archived_at: archivedAt,
        }));
        const inserted: Array<{
          environment: string;
          producer_domain: string;
          entity_type: string;
          event_name: string;
          occurred_at: DbTime;
        }> = await tx(TABLE)
          .insert(rows)
          .onConflict(['environment', 'occurred_at', 'message_id'])
          .ignore()
          .returning([
            'environment',
            'producer_domain',
            'entity_type',
            'event_name',
            'occurred_at',
          ]);
        await this.countProducers(tx, inserted);
        added += inserted.length;
      }
      return added;
    });
    return { archived, duplicates: events.length - archived };
  }

  /** Adds newly archived events to the producer summary. */
  private async countProducers(
    tx: Knex.Transaction,
    inserted: Array<{
      environment: string;
      producer_domain: string;
      entity_type: string;
      event_name: string;
      occurred_at: DbTime;
    }>,
  ) {
    const summary = new Map<
      string,
      {
        environment: string;
        producer_domain: string;
        entity_type: string;
        event_name: string;
        events: number;
        first_at: Date;
        last_at: Date;
      }
    >();
    for (const row of inserted) {
      const key = JSON.stringify([
        row.environment,
        row.producer_domain,
        row.entity_type,
        row.event_name,
      ]);
      const at = toDate(row.occurred_at);
      const entry = summary.get(key);
      if (!entry) {
        summary.set(key, {
          environment: row.environment,
          producer_domain: row.producer_domain,
          entity_type: row.entity_type,
          event_name: row.event_name,
          events: 1,
          first_at: at,
          last_at: at,
        });
      } else {
        entry.events++;
        if (at < entry.first_at) entry.first_at = at;
        if (at > entry.last_at) entry.last_at = at;
      }
    }
    if (summary.size === 0) return;
    // Sorted: two instances update shared rows in the same order (no deadlock).
    const rows = [...summary.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => row);
    const least = this.isPostgres ? 'least' : 'min';
    const greatest = this.isPostgres ? 'greatest' : 'max';
    await tx(PRODUCERS)
      .insert(rows)
      .onConflict([
        'environment',
        'producer_domain',
        'entity_type',
        'event_name',
      ])
      .merge({
        events: this.knex.raw('?? + excluded.events', [`${PRODUCERS}.events`]),
        first_at: this.knex.raw(`${least}(??, excluded.first_at)`, [
          `${PRODUCERS}.first_at`,
        ]),
        last_at: this.knex.raw(`${greatest}(??, excluded.last_at)`, [
          `${PRODUCERS}.last_at`,
        ]),
      });
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

  private async rows(
    selection: EventSelection,
    limit: number,
    after?: ArchivePosition,
  ): Promise<EventRow[]> {
    return this.knex(TABLE)
      .where(this.selectionFilter(selection))
      .modify(builder => {
        if (after) {
          // A row comparison walks the (…, occurred_at, seq) index.
          builder.whereRaw('(occurred_at, seq) > (?, ?)', [
            after.occurredAt,
            after.seq,
          ]);
        }
      })
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .limit(limit)
      .select('*');
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
    const rows = await this.rows(selection, limit, after);
    const last = rows[rows.length - 1];
    return {
      events: rows.map(row => {
        const { body, position: _p, ...event } = toSourcedEvent(row);
        return { ...event, bodyBase64: body.toString('base64') };
      }),
      next:
        rows.length === limit && last
          ? { occurredAt: toDate(last.occurred_at), seq: Number(last.seq) }
          : undefined,
    };
  }

  /** Like `page`, with bodies as buffers and opaque positions, for jobs. */
  async read(
    selection: EventSelection,
    options: { after?: string; limit: number },
  ): Promise<{ events: SourcedEvent[]; done: boolean }> {
    const rows = await this.rows(
      selection,
      options.limit,
      options.after === undefined ? undefined : decodePosition(options.after),
    );
    return {
      events: rows.map(toSourcedEvent),
      done: rows.length < options.limit,
    };
  }

  /**
   * Removes the months of events that ended before `cutoff`: on Postgres
   * by dropping their partitions, which costs nothing per event. The
   * producer summary is rebuilt after.
   */
  async dropBefore(
    cutoff: Date,
  ): Promise<{ removed: number; months: string[] }> {
    let removed = 0;
    const months: string[] = [];
    if (this.isPostgres) {
      const { rows } = await this.knex.raw(
        `SELECT c.relname AS name
           FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
           JOIN pg_class p ON p.oid = i.inhparent
          WHERE p.relname = ?`,
        [TABLE],
      );
      for (const row of rows as Array<{ name: string }>) {
        const match = /_y(\d{4})m(\d{2})$/.exec(row.name);
        if (!match) continue;
        const end = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
        if (end > cutoff) continue;
        const [{ count }] = await this.knex(row.name).count('* as count');
        await this.knex.raw('DROP TABLE IF EXISTS ??', [row.name]);
        this.partitions.delete(
          Date.UTC(Number(match[1]), Number(match[2]) - 1, 1),
        );
        removed += Number(count);
        months.push(`${match[1]}-${match[2]}`);
      }
    } else {
      // Whole months here too, so both behave alike.
      removed = await this.knex(TABLE)
        .where('occurred_at', '<', monthStart(cutoff))
        .delete();
    }
    if (removed > 0) {
      await this.knex.transaction(async tx => {
        await tx(PRODUCERS).delete();
        await tx.raw(
          `INSERT INTO ${PRODUCERS}
             (environment, producer_domain, entity_type, event_name, events, first_at, last_at)
           SELECT environment, producer_domain, entity_type, event_name,
                  count(*), min(occurred_at), max(occurred_at)
             FROM ${TABLE}
            GROUP BY environment, producer_domain, entity_type, event_name`,
        );
      });
    }
    return { removed, months };
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
    }> = await this.knex(PRODUCERS)
      .modify(b => {
        if (environment !== undefined) b.where('environment', environment);
      })
      .select(
        'environment',
        'producer_domain',
        'entity_type',
        'event_name',
        'events as count',
        'first_at as first',
        'last_at as last',
      )
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
          source: ARCHIVE_SOURCE_ID,
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
