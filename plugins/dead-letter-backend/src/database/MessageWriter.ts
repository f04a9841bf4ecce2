import { randomUUID } from 'node:crypto';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { chunks } from '@internal/backstage-plugin-portal-node';
import {
  normalizeRef,
  normalizeUuid,
  normalizeUuids,
  unique,
  validDate,
} from './conversions';
import { Dialect } from './dialect';
import { checkStates } from './listQuery';
import { InsertRow } from './messageRows';
import { MESSAGES, SEARCH_BACKLOG } from './tables';
import { BODY_TEXT_LIMIT, DeadLetterToInsert } from './types';

/**
 * Bound parameters per statement on SQLite. SQLite before 3.32 allows 999;
 * the conservative value keeps every build working.
 */
const SQLITE_MAX_VARIABLES = 999;
/** Rows per insert statement on Postgres (one array per column). */
const POSTGRES_MAX_ROWS_PER_INSERT = 1000;
/** Approximate bytes of body, body text and headers per insert statement. */
const MAX_BYTES_PER_INSERT = 16 * 1024 * 1024;

/**
 * Postgres types of the stored columns: Postgres inserts take one array per
 * column (`unnest`), which parses and plans in a fraction of the time of a
 * VALUES list with a parameter per value.
 */
const POSTGRES_COLUMN_TYPES: Record<keyof InsertRow, string> = {
  id: 'uuid',
  environment: 'text',
  dead_letter_queue: 'text',
  source_queue: 'text',
  reason: 'text',
  original_exchange: 'text',
  original_routing_keys: 'text',
  message_id: 'text',
  message_type: 'text',
  exception_type: 'text',
  content_type: 'text',
  content_encoding: 'text',
  body: 'bytea',
  body_size: 'integer',
  body_encoding: 'text',
  body_text: 'text',
  headers: 'text',
  properties: 'text',
  death_history: 'text',
  first_death_at: 'timestamptz',
  last_death_at: 'timestamptz',
  captured_at: 'timestamptz',
  content_hash: 'text',
  group_fingerprint: 'text',
  state: 'text',
  state_changed_at: 'timestamptz',
  component_ref: 'text',
  owner_ref: 'text',
  replay_count: 'integer',
  replay_job_id: 'text',
  previous_message_id: 'uuid',
  resolved_at: 'timestamptz',
};
const POSTGRES_COLUMNS = Object.keys(POSTGRES_COLUMN_TYPES) as Array<
  keyof InsertRow
>;

/**
 * Postgres: serialises transactions storing messages with the same content
 * until they commit. Without it, a redelivery handed to another instance
 * (its first consumer lost the broker connection while storing) could be
 * checked before the first insert commits and be stored twice.
 * Locks are taken in key order so two batches cannot deadlock.
 */
async function lockContentHashes(tx: Knex.Transaction, hashes: string[]) {
  const keys = unique(hashes).filter(h => /^[0-9a-f]{64}$/.test(h));
  if (keys.length === 0) return;
  await tx.raw(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended(h, 0) AS k
       FROM unnest(?::text[]) AS h ORDER BY k) AS keys`,
    [`{${keys.join(',')}}`],
  );
}

/** Captured messages going in, and their state changes. */
export class MessageWriter {
  constructor(private readonly knex: Knex, private readonly dialect: Dialect) {}

  /**
   * Stores a batch of captured messages in one transaction.
   *
   * A message with `redelivered: false` is always stored. A message with
   * `redelivered: true` is skipped (counted as a duplicate) when a row with
   * the same content hash already exists, or an earlier message of the same
   * batch had it: the broker redelivered a message that was stored but not
   * acknowledged. The check is not serialised against concurrent batches
   * with the same content.
   *
   * Queries: one look-up of the redelivered messages' hashes, one of the
   * previous lives (only when some message has one), then multi-row inserts
   * chunked by row count and size, and with a search index, one insert into
   * its backlog (see `SearchIndex.indexSearchBacklog`).
   */
  async insertCaptured(
    messages: DeadLetterToInsert[],
  ): Promise<{ inserted: number; duplicates: number }> {
    if (messages.length === 0) {
      return { inserted: 0, duplicates: 0 };
    }
    const capturedAt = new Date();

    return this.knex.transaction(async tx => {
      if (this.dialect.isPostgres) {
        await lockContentHashes(
          tx,
          messages.map(m => m.contentHash),
        );
      }
      const knownHashes = await this.storedValues(
        tx,
        'content_hash',
        messages.filter(m => m.redelivered).map(m => m.contentHash),
      );
      const existingLives = await this.storedValues(
        tx,
        'id',
        messages
          .map(m => normalizeUuid(m.previousLifeId))
          .filter((id): id is string => id !== undefined),
      );

      const rows: InsertRow[] = [];
      let duplicates = 0;
      for (const message of messages) {
        if (message.redelivered && knownHashes.has(message.contentHash)) {
          duplicates += 1;
          continue;
        }
        knownHashes.add(message.contentHash);
        rows.push(toInsertRow(message, capturedAt, existingLives));
      }

      if (rows.length === 0) {
        return { inserted: 0, duplicates };
      }
      await this.insertRows(tx, rows);
      if (this.dialect.searchIndexed) {
        await tx.raw('INSERT INTO ?? (message_id) SELECT unnest(?::uuid[])', [
          SEARCH_BACKLOG,
          rows.map(row => row.id),
        ]);
      }
      return { inserted: rows.length, duplicates };
    });
  }

  /**
   * Moves the given messages that are in one of the `from` states to `to`;
   * returns how many moved. Others are left as they are.
   */
  async transition(
    ids: string[],
    options: { from: DeadLetterState[]; to: DeadLetterState },
  ): Promise<number> {
    checkStates([...options.from, options.to]);
    const now = new Date();
    const resolved = options.to === 'replayed' || options.to === 'discarded';
    let moved = 0;
    const normalized = normalizeUuids(ids);
    for (let i = 0; i < normalized.length; i += 500) {
      moved += await this.knex(MESSAGES)
        .whereIn('id', normalized.slice(i, i + 500))
        .whereIn('state', options.from)
        // Messages held by an approval request wait for its decision.
        .whereNull('approval_id')
        .update({
          state: options.to,
          state_changed_at: now,
          resolved_at: resolved ? now : null,
        });
    }
    return moved;
  }

  private get lookupChunk() {
    return this.dialect.isPostgres ? 10_000 : SQLITE_MAX_VARIABLES;
  }

  /**
   * The given values of a column that stored messages have. Ids are
   * compared as stored: every id this writer stores is a lower-case UUID.
   */
  private async storedValues(
    tx: Knex.Transaction,
    column: 'content_hash' | 'id',
    values: string[],
  ): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks(unique(values), this.lookupChunk)) {
      const rows: Array<Record<string, string>> = await tx(MESSAGES)
        .distinct(column)
        .whereIn(column, part);
      for (const row of rows) {
        found.add(String(row[column]));
      }
    }
    return found;
  }

  /** Multi-row inserts, chunked by row count and size. */
  private async insertRows(tx: Knex.Transaction, rows: InsertRow[]) {
    const { isPostgres, utf8Database } = this.dialect;
    const columnCount = Object.keys(rows[0]).length;
    const maxRows = isPostgres
      ? POSTGRES_MAX_ROWS_PER_INSERT
      : // SQLite also caps a compound SELECT (knex's multi-row insert) at 500 terms.
        Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / columnCount));
    const insert = (batch: InsertRow[]) =>
      isPostgres
        ? insertUnnest(tx, batch, utf8Database)
        : tx(MESSAGES).insert(batch);
    let batch: InsertRow[] = [];
    let batchBytes = 0;
    for (const row of rows) {
      const size =
        row.body.length +
        (row.body_text?.length ?? 0) +
        row.headers.length +
        row.properties.length;
      if (
        batch.length > 0 &&
        (batch.length >= maxRows || batchBytes + size > MAX_BYTES_PER_INSERT)
      ) {
        await insert(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push(row);
      batchBytes += size;
    }
    if (batch.length > 0) {
      await insert(batch);
    }
  }
}

function toInsertRow(
  message: DeadLetterToInsert,
  capturedAt: Date,
  existingLives: Set<string>,
): InsertRow {
  const previousId = normalizeUuid(message.previousLifeId);
  return {
    id: randomUUID(),
    environment: message.environment,
    dead_letter_queue: message.deadLetterQueue,
    source_queue: message.sourceQueue,
    reason: message.reason,
    original_exchange: message.originalExchange,
    original_routing_keys: JSON.stringify(message.originalRoutingKeys),
    message_id: message.messageId ?? null,
    message_type: message.messageType ?? null,
    exception_type: message.exceptionType ?? null,
    content_type: message.contentType ?? null,
    content_encoding: message.contentEncoding ?? null,
    body: message.body,
    body_size: message.body.length,
    body_encoding: message.bodyEncoding,
    body_text: message.bodyText ?? null,
    headers: JSON.stringify(message.headers),
    properties: JSON.stringify(message.properties),
    death_history: JSON.stringify(message.deathHistory),
    first_death_at: validDate(message.firstDeathAt) ?? null,
    last_death_at: validDate(message.lastDeathAt) ?? null,
    captured_at: capturedAt,
    content_hash: message.contentHash,
    group_fingerprint: message.groupFingerprint,
    state: 'unresolved',
    state_changed_at: capturedAt,
    component_ref: normalizeRef(message.componentRef) ?? null,
    owner_ref: normalizeRef(message.ownerRef) ?? null,
    replay_count: message.replayCount,
    replay_job_id: message.replayJobId ?? null,
    previous_message_id:
      previousId && existingLives.has(previousId) ? previousId : null,
    resolved_at: null,
  };
}

/**
 * A multi-row insert on Postgres with one array parameter per column. A body
 * text that is exactly the body decoded as UTF-8 (most JSON and text bodies)
 * is not sent: the database decodes the body itself, which saves sending
 * and escaping it a second time. Only on a UTF-8 database, where that
 * decoding gives the same text.
 */
async function insertUnnest(
  tx: Knex.Transaction,
  rows: InsertRow[],
  utf8Database: boolean,
) {
  const fromBody = rows.map(
    row =>
      utf8Database &&
      row.body_text !== null &&
      row.body.length <= BODY_TEXT_LIMIT &&
      // Equal byte lengths: no NUL removed, no byte-order mark dropped, not
      // cut; so the text is the whole body decoded.
      Buffer.byteLength(row.body_text) === row.body.length,
  );
  // node-postgres sends JS arrays as Postgres array literals.
  const arrays = POSTGRES_COLUMNS.map(
    column =>
      (column === 'body_text'
        ? rows.map((row, i) => (fromBody[i] ? null : row.body_text))
        : rows.map(row => row[column])) as unknown as Knex.Value,
  );
  const select = POSTGRES_COLUMNS.map(column =>
    column === 'body_text'
      ? `CASE WHEN u.text_from_body THEN convert_from(u.body, 'UTF8') ELSE u.body_text END`
      : `u.${column}`,
  );
  await tx.raw(
    `INSERT INTO ?? (${POSTGRES_COLUMNS.join(', ')})
     SELECT ${select.join(', ')}
     FROM unnest(${POSTGRES_COLUMNS.map(
       column => `?::${POSTGRES_COLUMN_TYPES[column]}[]`,
     ).join(', ')}, ?::boolean[])
       AS u(${POSTGRES_COLUMNS.join(', ')}, text_from_body)`,
    [MESSAGES, ...arrays, fromBody],
  );
}
