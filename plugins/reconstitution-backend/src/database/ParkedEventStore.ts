import { createHash } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import type { ReconstitutionParkedEvent } from '@internal/backstage-plugin-reconstitution-common';
import { Knex } from 'knex';
import { DbTime, toDate } from '@internal/backstage-plugin-portal-node';
import { storableText } from '../archive/storableText';
import { migratedClient } from './migrate';

const TABLE = 'reconstitution_parked_events';
/** Reasons are error messages: long enough to say what, not a dump. */
const MAX_REASON = 1000;

/** A message the archive could not store, as it came from the broker. */
export type EventToPark = {
  environment: string;
  exchange: string;
  routingKey: string;
  messageId?: string;
  receivedAt: Date;
  reason: string;
  /** JSON-safe (binary values as `{ $binary: base64 }`). */
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
  body: Buffer;
};

/**
 * Events kept aside because the archive could not store them, with why.
 * They are counted and listed on the archive status.
 */
export class ParkedEventStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<ParkedEventStore> {
    const knex = await migratedClient(options.database, options.skipMigrations);
    return new ParkedEventStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** Keeps an event aside; parking the same message again keeps it once. */
  async park(event: EventToPark): Promise<void> {
    const headers = JSON.stringify(event.headers);
    const properties = JSON.stringify(event.properties);
    const fingerprint = createHash('sha256')
      .update(event.exchange)
      .update('\0')
      .update(event.routingKey)
      .update('\0')
      .update(headers)
      .update('\0')
      .update(properties)
      .update('\0')
      .update(event.body)
      .digest('hex');
    await this.knex(TABLE)
      .insert({
        environment: storableText(event.environment),
        fingerprint,
        exchange: storableText(event.exchange),
        routing_key: storableText(event.routingKey),
        message_id:
          event.messageId === undefined ? null : storableText(event.messageId),
        received_at: event.receivedAt,
        parked_at: new Date(),
        reason: storableText(event.reason.slice(0, MAX_REASON)),
        headers,
        properties,
        body: event.body,
      })
      .onConflict(['environment', 'fingerprint'])
      .ignore();
  }

  /** How many events of an environment are parked, and the latest ones. */
  async summary(
    environment: string,
    latest = 5,
  ): Promise<{ count: number; latest: ReconstitutionParkedEvent[] }> {
    const [{ count }] = await this.knex(TABLE)
      .where('environment', environment)
      .count('* as count');
    const rows: Array<{
      exchange: string;
      routing_key: string;
      message_id: string | null;
      received_at: DbTime;
      parked_at: DbTime;
      reason: string;
    }> = await this.knex(TABLE)
      .where('environment', environment)
      .orderBy('id', 'desc')
      .limit(latest)
      .select(
        'exchange',
        'routing_key',
        'message_id',
        'received_at',
        'parked_at',
        'reason',
      );
    return {
      count: Number(count),
      latest: rows.map(row => ({
        exchange: row.exchange,
        routingKey: row.routing_key,
        ...(row.message_id !== null ? { messageId: row.message_id } : {}),
        receivedAt: toDate(row.received_at).toISOString(),
        parkedAt: toDate(row.parked_at).toISOString(),
        reason: row.reason,
      })),
    };
  }

  /** Parked events with their raw content, oldest first, for inspection. */
  async list(
    environment: string,
    limit = 100,
  ): Promise<
    Array<
      EventToPark & {
        parkedAt: Date;
      }
    >
  > {
    const rows: Array<{
      environment: string;
      exchange: string;
      routing_key: string;
      message_id: string | null;
      received_at: DbTime;
      parked_at: DbTime;
      reason: string;
      headers: string;
      properties: string;
      body: Buffer | Uint8Array;
    }> = await this.knex(TABLE)
      .where('environment', environment)
      .orderBy('id', 'asc')
      .limit(limit);
    return rows.map(row => ({
      environment: row.environment,
      exchange: row.exchange,
      routingKey: row.routing_key,
      ...(row.message_id !== null ? { messageId: row.message_id } : {}),
      receivedAt: toDate(row.received_at),
      parkedAt: toDate(row.parked_at),
      reason: row.reason,
      headers: JSON.parse(row.headers),
      properties: JSON.parse(row.properties),
      body: Buffer.from(row.body),
    }));
  }

  /** Retention: removes events parked before `cutoff`. */
  async dropBefore(cutoff: Date): Promise<number> {
    return this.knex(TABLE).where('parked_at', '<', cutoff).delete();
  }
}
