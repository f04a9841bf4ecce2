import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  DeadLetterCount,
  DeadLetterFailureGroup,
  BodyEncoding,
  DeadLetterMessage,
  DeadLetterState,
  DeadLetterSummary,
  DeathRecord,
} from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import {
  BODY_TEXT_LIMIT,
  type CapturedDeadLetter,
} from '../capture/parseDeadLetter';
import { ReplayStore } from '../replay/ReplayStore';
import { AuditLog } from './AuditLog';
import { Retention } from './Retention';
import { ApprovalStore } from '../approvals/ApprovalStore';

export type { DeadLetterCount, DeadLetterFailureGroup };

const TABLE = 'dead_letter_messages';
/** Postgres with pg_trgm only; see the migration that creates them. */
const SEARCH = 'dead_letter_search';
const SEARCH_BACKLOG = 'dead_letter_search_backlog';

/** What makes a failure group, as stored per message. */
const GROUP_COLUMNS = [
  'group_fingerprint',
  'environment',
  'source_queue',
  'reason',
  'message_type',
  'exception_type',
  'component_ref',
  'owner_ref',
];

const DEAD_LETTER_STATES: ReadonlyArray<DeadLetterState> = [
  'unresolved',
  'replaying',
  'replayed',
  'discarded',
];

/** Largest page `list` returns. */
export const MAX_LIST_LIMIT = 500;

/**
 * `list` counts the matches of a first page up to this many: counting every
 * match of a broad filter over millions of rows would cost more than the
 * page itself.
 */
export const LIST_COUNT_CAP = 10_000;

/**
 * A text search first checks the newest this many messages matching the
 * other filters directly: a text found in many messages fills a page there,
 * while going through the search index would check every one of them.
 */
const SEARCH_SCAN_BUDGET = 2000;

/** Longest `text` search accepted by `list`. */
export const MAX_SEARCH_TEXT_LENGTH = 500;

/**
 * Bound parameters per statement on SQLite. SQLite before 3.32 allows 999;
 * the conservative value keeps every build working.
 */
const SQLITE_MAX_VARIABLES = 999;
/** Rows per insert statement on Postgres (one array per column). */
const POSTGRES_MAX_ROWS_PER_INSERT = 1000;
/** Approximate bytes of body, body text and headers per insert statement. */
const MAX_BYTES_PER_INSERT = 16 * 1024 * 1024;

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A captured message with the catalog ownership of its source queue. */
export type DeadLetterToInsert = CapturedDeadLetter & {
  componentRef?: string;
  ownerRef?: string;
};

/** Filters and page of {@link DeadLetterStore.list}. */
export type DeadLetterListQuery = {
  environment?: string;
  /** An empty array matches nothing. */
  states?: DeadLetterState[];
  /**
   * Only messages owned by one of these (entity refs, compared
   * case-insensitively). Undefined means any owner, an empty array no owner
   * (then only unowned messages, if `includeUnowned`).
   */
  ownerRefs?: string[];
  /** With `ownerRefs`: also messages without an owner. */
  includeUnowned?: boolean;
  componentRef?: string;
  sourceQueue?: string;
  reason?: string;
  groupFingerprint?: string;
  /** Captured at or after. */
  from?: Date;
  /** Captured before. */
  to?: Date;
  /** Case-insensitive substring of the body text, headers or message id. */
  text?: string;
  /**
   * Only messages of these environments or of these owners (the ones whose
   * content the caller may read, when `text` searches the content).
   */
  restrictTo?: { environments: string[]; ownerRefs: string[] };
  /** 1..500 */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

/** A page of {@link DeadLetterStore.list}. */
export type DeadLetterListResult = {
  items: DeadLetterSummary[];
  /** Present when there may be more rows. */
  nextCursor?: string;
  /**
   * Rows matching the filters, for the first page only (no cursor): exact up
   * to {@link LIST_COUNT_CAP}; when more match, it is the cap and
   * `totalCapped` is set.
   */
  totalEstimate?: number;
  /** More than `totalEstimate` rows match (counting stopped at the cap). */
  totalCapped?: boolean;
};

/** Who owns a source queue; see {@link DeadLetterStore.assignOwners}. */
export type DeadLetterOwnerMapping = {
  /** Only this environment; when absent, every environment without its own entry. */
  environment?: string;
  sourceQueue: string;
  componentRef?: string;
  ownerRef?: string;
};

type DbTime = Date | number | string;

type MessageRow = {
  id: string;
  environment: string;
  dead_letter_queue: string;
  source_queue: string;
  reason: string;
  original_exchange: string;
  original_routing_keys: string;
  message_id: string | null;
  message_type: string | null;
  exception_type: string | null;
  content_type: string | null;
  content_encoding: string | null;
  body: Buffer;
  body_size: number;
  body_encoding: string;
  body_text: string | null;
  headers: string;
  properties: string;
  death_history: string;
  first_death_at: DbTime | null;
  last_death_at: DbTime | null;
  captured_at: DbTime;
  content_hash: string;
  group_fingerprint: string;
  state: string;
  state_changed_at: DbTime;
  component_ref: string | null;
  owner_ref: string | null;
  replay_count: number;
  replay_job_id: string | null;
  previous_message_id: string | null;
  resolved_at: DbTime | null;
};

type InsertRow = Omit<MessageRow, 'captured_at'> & { captured_at: Date };

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

type SummaryRow = Omit<
  MessageRow,
  'body' | 'body_text' | 'headers' | 'properties' | 'death_history'
>;

const SUMMARY_COLUMNS: ReadonlyArray<keyof SummaryRow> = [
  'id',
  'environment',
  'dead_letter_queue',
  'source_queue',
  'reason',
  'original_exchange',
  'original_routing_keys',
  'message_id',
  'message_type',
  'exception_type',
  'content_type',
  'content_encoding',
  'body_size',
  'body_encoding',
  'first_death_at',
  'last_death_at',
  'captured_at',
  'content_hash',
  'group_fingerprint',
  'state',
  'state_changed_at',
  'component_ref',
  'owner_ref',
  'replay_count',
  'replay_job_id',
  'previous_message_id',
  'resolved_at',
];

/**
 * Storage of captured dead letters.
 */
/** A message as the permission framework sees it. */
export type DeadLetterResource = {
  id: string;
  environment: string;
  ownerRef?: string;
  componentRef?: string;
  state: DeadLetterState;
  /** The queue it died in: where `original` and `source` replays go. */
  sourceQueue?: string;
};

/**
 * Postgres: serialises transactions storing messages with the same content
 * until they commit. Without it, a redelivery handed to another instance
 * (its first consumer lost the broker connection while storing) could be
 * checked before the first insert commits and be stored twice.
 * Locks are taken in key order so two batches cannot deadlock.
 */
export async function lockContentHashes(
  tx: Knex.Transaction,
  hashes: string[],
) {
  const keys = unique(hashes).filter(h => /^[0-9a-f]{64}$/.test(h));
  if (keys.length === 0) return;
  await tx.raw(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended(h, 0) AS k
       FROM unnest(?::text[]) AS h ORDER BY k) AS keys`,
    [`{${keys.join(',')}}`],
  );
}

export class DeadLetterStore {
  /**
   * Connects to the plugin database and brings its schema up to date (unless
   * `skipMigrations` or the database service says to skip migrations).
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /**
     * Messages a text search checks directly before it asks the search
     * index (default {@link SEARCH_SCAN_BUDGET}); 0 always asks the index.
     */
    searchScanBudget?: number;
  }): Promise<DeadLetterStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/backstage-plugin-dead-letter-backend',
          'migrations',
        ),
      });
    }
    const client = String(knex.client.config.client ?? '');
    const isPostgres = client === 'pg' || client.includes('postgres');
    const searchIndexed =
      isPostgres &&
      (await knex.schema.hasTable(SEARCH)) &&
      (await knex.schema.hasTable(SEARCH_BACKLOG));
    const utf8Database =
      isPostgres &&
      (await knex.raw('SHOW server_encoding')).rows[0]?.server_encoding ===
        'UTF8';
    return new DeadLetterStore(
      knex,
      isPostgres,
      searchIndexed,
      options.searchScanBudget ?? SEARCH_SCAN_BUDGET,
      utf8Database,
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly isPostgres: boolean,
    /** Whether text search has a trigram index to use (Postgres with pg_trgm). */
    readonly searchIndexed: boolean,
    private readonly searchScanBudget: number,
    private readonly utf8Database: boolean,
  ) {}

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
   * its backlog (see {@link DeadLetterStore.indexSearchBacklog}).
   */
  async insertCaptured(
    messages: DeadLetterToInsert[],
  ): Promise<{ inserted: number; duplicates: number }> {
    if (messages.length === 0) {
      return { inserted: 0, duplicates: 0 };
    }
    const capturedAt = new Date();
    const lookupChunk = this.isPostgres ? 10_000 : SQLITE_MAX_VARIABLES;

    return this.knex.transaction(async tx => {
      if (this.isPostgres) {
        await lockContentHashes(
          tx,
          messages.map(m => m.contentHash),
        );
      }
      const knownHashes = new Set<string>();
      const redeliveredHashes = unique(
        messages.filter(m => m.redelivered).map(m => m.contentHash),
      );
      for (const hashes of chunk(redeliveredHashes, lookupChunk)) {
        const rows: Array<{ content_hash: string }> = await tx(TABLE)
          .distinct('content_hash')
          .whereIn('content_hash', hashes);
        for (const row of rows) {
          knownHashes.add(row.content_hash);
        }
      }

      const existingLives = new Set<string>();
      const previousIds = unique(
        messages
          .map(m => normalizeUuid(m.previousLifeId))
          .filter((id): id is string => id !== undefined),
      );
      for (const ids of chunk(previousIds, lookupChunk)) {
        const rows: Array<{ id: string }> = await tx(TABLE)
          .select('id')
          .whereIn('id', ids);
        for (const row of rows) {
          existingLives.add(String(row.id).toLowerCase());
        }
      }

      const rows: InsertRow[] = [];
      let duplicates = 0;
      for (const message of messages) {
        if (message.redelivered && knownHashes.has(message.contentHash)) {
          duplicates += 1;
          continue;
        }
        knownHashes.add(message.contentHash);
        const previousId = normalizeUuid(message.previousLifeId);
        rows.push({
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
        });
      }

      if (rows.length === 0) {
        return { inserted: 0, duplicates };
      }
      const columnCount = Object.keys(rows[0]).length;
      const maxRows = this.isPostgres
        ? POSTGRES_MAX_ROWS_PER_INSERT
        : // SQLite also caps a compound SELECT (knex's multi-row insert) at 500 terms.
          Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / columnCount));
      const insert = (batch: InsertRow[]) =>
        this.isPostgres
          ? insertUnnest(tx, batch, this.utf8Database)
          : tx(TABLE).insert(batch);
      let batch: typeof rows = [];
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
      if (this.searchIndexed) {
        await tx.raw('INSERT INTO ?? (message_id) SELECT unnest(?::uuid[])', [
          SEARCH_BACKLOG,
          rows.map(row => row.id),
        ]);
      }
      return { inserted: rows.length, duplicates };
    });
  }

  /** A page of messages, newest first. */
  async list(query: DeadLetterListQuery): Promise<DeadLetterListResult> {
    const limit = query.limit;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > MAX_LIST_LIMIT
    ) {
      throw new InputError(
        `Invalid limit: must be an integer from 1 to ${MAX_LIST_LIMIT}`,
      );
    }
    const cursor =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const filter = this.listFilter(query);
    const afterCursor = (builder: Knex.QueryBuilder) => {
      if (cursor) {
        // A row comparison, unlike the equivalent OR, is an index range.
        builder.whereRaw('(??, ??) < (?, ?)', [
          'captured_at',
          'id',
          new Date(cursor.capturedAt),
          cursor.id,
        ]);
      }
    };
    const newestFirst = [
      { column: 'captured_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ];

    const text = query.text?.trim();
    if (text && this.searchIndexed && this.searchScanBudget > 0) {
      const scanned = await this.scanNewest(query, text, afterCursor, limit);
      if (scanned) {
        return this.toPage(scanned.rows, limit, !cursor && scanned.count);
      }
    }

    const pageQuery = this.knex(TABLE)
      .select(SUMMARY_COLUMNS)
      .where(filter)
      .modify(afterCursor)
      .orderBy(newestFirst)
      .limit(limit + 1);
    // The count runs next to the page; it is only used when the page is full.
    const counting = cursor
      ? undefined
      : this.knex
          .count<Array<{ count: number | string }>>('* as count')
          .from(
            this.knex(TABLE)
              .select(this.knex.raw('1'))
              .where(filter)
              .limit(LIST_COUNT_CAP + 1)
              .as('matches'),
          )
          .then(([row]) => Number(row.count));
    counting?.catch(() => {});
    const page: SummaryRow[] = await pageQuery;
    let count: { total: number; capped: boolean } | false = false;
    if (counting) {
      const total = page.length > limit ? await counting : page.length;
      count = {
        total: Math.min(total, LIST_COUNT_CAP),
        capped: total > LIST_COUNT_CAP,
      };
    }
    return this.toPage(page, limit, count);
  }

  /**
   * A text search through the newest `searchScanBudget` messages matching
   * the other filters, checking the text directly. Returns the page
   * rows (up to `limit + 1`) and the count when that settles the page: it
   * filled up, or no other message matches the filters. Undefined when the
   * search index must answer.
   */
  private async scanNewest(
    query: DeadLetterListQuery,
    text: string,
    afterCursor: (builder: Knex.QueryBuilder) => void,
    limit: number,
  ): Promise<
    | { rows: SummaryRow[]; count: { total: number; capped: boolean } }
    | undefined
  > {
    const pattern = `%${escapeLike(text)}%`;
    const newest = this.knex(TABLE)
      .select(SUMMARY_COLUMNS)
      .select(
        this.knex.raw(
          `(?? ILIKE ? ESCAPE '\\' OR ?? ILIKE ? ESCAPE '\\' OR ?? ILIKE ? ESCAPE '\\') AS text_match`,
          ['body_text', pattern, 'headers', pattern, 'message_id', pattern],
        ),
      )
      .where(this.listFilter({ ...query, text: undefined }))
      .modify(afterCursor)
      .orderBy([
        { column: 'captured_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(this.searchScanBudget);
    const rows: Array<SummaryRow & { scanned: string; hits: string }> =
      await this.knex
        .with('newest', newest)
        .select(SUMMARY_COLUMNS)
        .select(
          this.knex.raw('(SELECT count(*) FROM newest) AS scanned'),
          this.knex.raw(
            '(SELECT count(*) FROM newest WHERE text_match) AS hits',
          ),
        )
        .from('newest')
        .where('text_match', true)
        .orderBy([
          { column: 'captured_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit + 1);
    if (rows.length === 0) {
      return undefined;
    }
    const scanned = Number(rows[0].scanned);
    const hits = Number(rows[0].hits);
    const exhausted = scanned < this.searchScanBudget;
    if (rows.length <= limit && !exhausted) {
      return undefined;
    }
    return { rows, count: { total: hits, capped: !exhausted } };
  }

  private toPage(
    page: SummaryRow[],
    limit: number,
    count: { total: number; capped: boolean } | false,
  ): DeadLetterListResult {
    const items = page.slice(0, limit).map(toSummary);
    const result: DeadLetterListResult = { items };
    if (page.length > limit) {
      const last = page[limit - 1];
      result.nextCursor = encodeCursor({
        capturedAt: toDate(last.captured_at).getTime(),
        id: String(last.id).toLowerCase(),
      });
    }
    if (count) {
      result.totalEstimate = count.total;
      if (count.capped) {
        result.totalCapped = true;
      }
    }
    return result;
  }

  /**
   * The messages matching a list filter, at most `limit` (oldest first, so a
   * capped selection takes the longest-waiting messages), with what a
   * permission check needs, in one query.
   */
  async matchingResources(
    query: Omit<DeadLetterListQuery, 'limit' | 'cursor'>,
    limit: number,
  ): Promise<DeadLetterResource[]> {
    const rows: Array<{
      id: string;
      environment: string;
      owner_ref: string | null;
      component_ref: string | null;
      state: DeadLetterState;
      source_queue: string;
    }> = await this.knex(TABLE)
      .select(
        'id',
        'environment',
        'owner_ref',
        'component_ref',
        'state',
        'source_queue',
      )
      .where(this.listFilter({ ...query, limit: 1 }))
      .orderBy([
        { column: 'captured_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toResource);
  }

  /** One message with its body, or undefined when there is none with that id. */
  async get(id: string): Promise<DeadLetterMessage | undefined> {
    const normalized = normalizeUuid(id);
    if (!normalized) {
      return undefined;
    }
    const row: Omit<MessageRow, 'body_text'> | undefined = await this.knex(
      TABLE,
    )
      .where('id', normalized)
      .first([
        ...SUMMARY_COLUMNS,
        'body',
        'headers',
        'properties',
        'death_history',
      ]);
    if (!row) {
      return undefined;
    }
    const message: DeadLetterMessage = {
      ...toSummary(row),
      bodyBase64: Buffer.from(row.body ?? []).toString('base64'),
      headers: parseJson(row.headers, {}),
      properties: parseJson(row.properties, {}),
      deathHistory: parseJson<DeathRecord[]>(row.death_history, []),
    };
    if (row.content_encoding !== null) {
      message.contentEncoding = row.content_encoding;
    }
    if (row.replay_job_id !== null) {
      message.replayJobId = row.replay_job_id;
    }
    return message;
  }

  /** Number of messages per environment, owner and state. */
  async counts(query: {
    ownerRefs?: string[];
    /** With `ownerRefs`: also count unowned messages. */
    includeUnowned?: boolean;
    states?: DeadLetterState[];
  }): Promise<DeadLetterCount[]> {
    checkStates(query.states);
    checkOwnerRefs(query.ownerRefs);
    const rows = (await this.knex(TABLE)
      .select('environment', 'owner_ref', 'state')
      .count('* as count')
      .where(builder => {
        applyStates(builder, query.states);
        applyOwners(builder, query.ownerRefs, query.includeUnowned);
      })
      .groupBy('environment', 'owner_ref', 'state')
      .orderBy(['environment', 'owner_ref', 'state'])) as Array<{
      environment: string;
      owner_ref: string | null;
      state: string;
      count: number | string;
    }>;
    return rows.map(row => {
      const count: DeadLetterCount = {
        environment: row.environment,
        state: row.state as DeadLetterState,
        count: Number(row.count),
      };
      if (row.owner_ref !== null) {
        count.ownerRef = row.owner_ref;
      }
      return count;
    });
  }

  /** Messages of one environment grouped by failure fingerprint, largest first. */
  async failureGroups(query: {
    environment: string;
    states?: DeadLetterState[];
    ownerRefs?: string[];
    /** With `ownerRefs`: also unowned messages. */
    includeUnowned?: boolean;
  }): Promise<DeadLetterFailureGroup[]> {
    checkStates(query.states);
    checkOwnerRefs(query.ownerRefs);
    const rows: Array<{
      group_fingerprint: string;
      environment: string;
      source_queue: string;
      reason: string;
      message_type: string | null;
      exception_type: string | null;
      component_ref: string | null;
      owner_ref: string | null;
      count: number | string;
      first_seen: DbTime;
      last_seen: DbTime;
    }> = await this.knex(TABLE)
      .select(GROUP_COLUMNS)
      .count('* as count')
      .min('captured_at as first_seen')
      .max('captured_at as last_seen')
      .where('environment', query.environment)
      .where(builder => {
        applyStates(builder, query.states);
        applyOwners(builder, query.ownerRefs, query.includeUnowned);
      })
      .groupBy(GROUP_COLUMNS);
    const groups = rows.map(row => {
      const group: DeadLetterFailureGroup = {
        fingerprint: row.group_fingerprint,
        environment: row.environment,
        sourceQueue: row.source_queue,
        reason: row.reason,
        count: Number(row.count),
        firstSeen: toIso(row.first_seen),
        lastSeen: toIso(row.last_seen),
      };
      if (row.message_type !== null) group.messageType = row.message_type;
      if (row.exception_type !== null) group.exceptionType = row.exception_type;
      if (row.component_ref !== null) group.componentRef = row.component_ref;
      if (row.owner_ref !== null) group.ownerRef = row.owner_ref;
      return group;
    });
    return groups.sort(
      (a, b) =>
        b.count - a.count ||
        b.lastSeen.localeCompare(a.lastSeen) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
  }

  /**
   * Sets the component and owner of every stored message from its
   * environment and source queue: an entry with an environment wins over one
   * without; a queue with no entry becomes unowned. For duplicate entries
   * the last one wins. Returns the number of messages whose component or
   * owner changed.
   */
  async assignOwners(mapping: DeadLetterOwnerMapping[]): Promise<number> {
    type Target = { componentRef: string | null; ownerRef: string | null };
    const specific = new Map<string, Target>();
    const generic = new Map<string, Target>();
    for (const entry of mapping) {
      const target = {
        componentRef: normalizeRef(entry.componentRef) ?? null,
        ownerRef: normalizeRef(entry.ownerRef) ?? null,
      };
      if (entry.environment !== undefined) {
        specific.set(pairKey(entry.environment, entry.sourceQueue), target);
      } else {
        generic.set(entry.sourceQueue, target);
      }
    }

    return this.knex.transaction(async tx => {
      const combinations: Array<{
        environment: string;
        source_queue: string;
        component_ref: string | null;
        owner_ref: string | null;
        count: number | string;
      }> = await tx(TABLE)
        .select('environment', 'source_queue', 'component_ref', 'owner_ref')
        .count('* as count')
        .groupBy('environment', 'source_queue', 'component_ref', 'owner_ref');

      const updates = new Map<
        string,
        { environment: string; sourceQueue: string; target: Target }
      >();
      let changed = 0;
      for (const combination of combinations) {
        const key = pairKey(combination.environment, combination.source_queue);
        const target = specific.get(key) ??
          generic.get(combination.source_queue) ?? {
            componentRef: null,
            ownerRef: null,
          };
        if (
          (combination.component_ref ?? null) !== target.componentRef ||
          (combination.owner_ref ?? null) !== target.ownerRef
        ) {
          changed += Number(combination.count);
          updates.set(key, {
            environment: combination.environment,
            sourceQueue: combination.source_queue,
            target,
          });
        }
      }
      for (const { environment, sourceQueue, target } of updates.values()) {
        await tx(TABLE)
          .where({ environment, source_queue: sourceQueue })
          .update({
            component_ref: target.componentRef,
            owner_ref: target.ownerRef,
          });
      }
      return changed;
    });
  }

  /** The audit log kept next to the messages. */
  auditLog(): AuditLog {
    return new AuditLog(this.knex);
  }

  /** Replay jobs on the same database. */
  replayJobs(): ReplayStore {
    return new ReplayStore(this.knex);
  }

  approvals(): ApprovalStore {
    return new ApprovalStore(this.knex);
  }

  retention(): Retention {
    return new Retention(this.knex);
  }

  /**
   * What permission decisions need of messages: owner and state. Unknown ids
   * are left out.
   */
  async resources(ids: string[]): Promise<DeadLetterResource[]> {
    const normalized = unique(
      ids.map(id => normalizeUuid(id)).filter((id): id is string => !!id),
    );
    const rows: Array<{
      id: string;
      environment: string;
      owner_ref: string | null;
      component_ref: string | null;
      state: DeadLetterState;
      source_queue: string;
    }> = [];
    for (let i = 0; i < normalized.length; i += 500) {
      rows.push(
        ...(await this.knex(TABLE)
          .whereIn('id', normalized.slice(i, i + 500))
          .select(
            'id',
            'environment',
            'owner_ref',
            'component_ref',
            'state',
            'source_queue',
          )),
      );
    }
    return rows.map(toResource);
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
    const normalized = unique(
      ids.map(id => normalizeUuid(id)).filter((id): id is string => !!id),
    );
    for (let i = 0; i < normalized.length; i += 500) {
      moved += await this.knex(TABLE)
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

  /**
   * Moves up to `limit` messages from the search backlog into the search
   * index and returns how many it took from the backlog (0 without a search
   * index). Concurrent callers take different messages.
   */
  async indexSearchBacklog(limit: number): Promise<number> {
    if (!this.searchIndexed) {
      return 0;
    }
    const result = await this.knex.raw(
      `WITH taken AS (
         DELETE FROM ?? WHERE message_id IN (
           SELECT message_id FROM ?? LIMIT ? FOR UPDATE SKIP LOCKED)
         RETURNING message_id),
       indexed AS (
         INSERT INTO ?? (message_id, document)
         SELECT m.id, lower(concat_ws(E'\\n', m.message_id, m.headers, m.body_text))
         FROM taken JOIN ?? m ON m.id = taken.message_id
         ON CONFLICT (message_id) DO NOTHING)
       SELECT count(*) AS taken FROM taken`,
      [SEARCH_BACKLOG, SEARCH_BACKLOG, limit, SEARCH, TABLE],
    );
    return Number(result.rows[0].taken);
  }

  /** Messages waiting to be indexed for search (0 without a search index). */
  async searchBacklog(): Promise<number> {
    if (!this.searchIndexed) {
      return 0;
    }
    const [{ count }] = await this.knex(SEARCH_BACKLOG).count<
      Array<{ count: number | string }>
    >('* as count');
    return Number(count);
  }

  /** The filters of a list query, without the cursor. */
  private listFilter(
    query: DeadLetterListQuery,
  ): (builder: Knex.QueryBuilder) => void {
    checkStates(query.states);
    checkOwnerRefs(query.ownerRefs);
    const from = checkDate(query.from, 'from');
    const to = checkDate(query.to, 'to');
    const text = query.text?.trim();
    if (text !== undefined && text.length > MAX_SEARCH_TEXT_LENGTH) {
      throw new InputError(
        `Invalid text: at most ${MAX_SEARCH_TEXT_LENGTH} characters`,
      );
    }
    const like = this.isPostgres ? 'ILIKE' : 'LIKE';
    return builder => {
      if (query.environment !== undefined) {
        builder.where('environment', query.environment);
      }
      applyStates(builder, query.states);
      applyOwners(builder, query.ownerRefs, query.includeUnowned);
      const restrictTo = query.restrictTo;
      if (restrictTo) {
        builder.where(readable =>
          readable.whereIn('environment', restrictTo.environments).orWhereIn(
            'owner_ref',
            restrictTo.ownerRefs
              .map(ref => normalizeRef(ref))
              .filter((ref): ref is string => ref !== undefined),
          ),
        );
      }
      if (query.componentRef !== undefined) {
        builder.where(
          'component_ref',
          normalizeRef(query.componentRef) ?? null,
        );
      }
      if (query.sourceQueue !== undefined) {
        builder.where('source_queue', query.sourceQueue);
      }
      if (query.reason !== undefined) {
        builder.where('reason', query.reason);
      }
      if (query.groupFingerprint !== undefined) {
        builder.where('group_fingerprint', query.groupFingerprint);
      }
      if (from) {
        builder.where('captured_at', '>=', from);
      }
      if (to) {
        builder.where('captured_at', '<', to);
      }
      if (text) {
        const pattern = `%${escapeLike(text)}%`;
        const inColumns = (table: string) => (search: Knex.QueryBuilder) =>
          search
            .whereRaw(`?? ${like} ? ESCAPE '\\'`, [
              `${table}.body_text`,
              pattern,
            ])
            .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, [
              `${table}.headers`,
              pattern,
            ])
            .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, [
              `${table}.message_id`,
              pattern,
            ]);
        if (this.searchIndexed) {
          // The indexed document is the lower-cased columns: LIKE on it with
          // the lower-cased pattern is ILIKE on them (which lower-cases the
          // same way), and cheaper. Messages not indexed yet are checked on
          // their columns.
          builder.whereIn('id', candidates =>
            candidates
              .select('message_id')
              .from(SEARCH)
              .whereRaw(`document LIKE lower(?) ESCAPE '\\'`, [pattern])
              .unionAll(backlog =>
                // A subquery per backlog row: the backlog is what drives,
                // never a scan of the messages.
                backlog
                  .select('b.message_id')
                  .from({ b: SEARCH_BACKLOG })
                  .whereRaw(
                    `(SELECT m.body_text ${like} ? ESCAPE '\\' OR m.headers ${like} ? ESCAPE '\\' OR m.message_id ${like} ? ESCAPE '\\' FROM ?? AS m WHERE m.id = b.message_id)`,
                    [pattern, pattern, pattern, TABLE],
                  ),
              ),
          );
          if (text.includes('\n')) {
            // The document joins the columns with line breaks: a text with
            // one could match across two of them.
            builder.where(inColumns(TABLE));
          }
        } else {
          builder.where(inColumns(TABLE));
        }
      }
    };
  }
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
    [TABLE, ...arrays, fromBody],
  );
}

function toResource(row: {
  id: string;
  environment: string;
  owner_ref: string | null;
  component_ref: string | null;
  state: DeadLetterState;
  source_queue: string;
}): DeadLetterResource {
  return {
    id: String(row.id).toLowerCase(),
    environment: row.environment,
    ownerRef: row.owner_ref ?? undefined,
    componentRef: row.component_ref ?? undefined,
    state: row.state,
    sourceQueue: row.source_queue,
  };
}

function applyStates(
  builder: Knex.QueryBuilder,
  states: DeadLetterState[] | undefined,
) {
  if (states !== undefined) {
    builder.whereIn('state', unique(states));
  }
}

/** Throws an InputError naming `states` when one of them is not a state. */
function checkStates(states: DeadLetterState[] | undefined) {
  if (states === undefined) {
    return;
  }
  if (!Array.isArray(states)) {
    throw new InputError('Invalid states: must be an array');
  }
  const invalid = states.filter(s => !DEAD_LETTER_STATES.includes(s));
  if (invalid.length > 0) {
    throw new InputError(`Invalid states: ${invalid.join(', ')}`);
  }
}

/** Throws an InputError naming `ownerRefs` when it is not an array of strings. */
function checkOwnerRefs(ownerRefs: string[] | undefined) {
  if (
    ownerRefs !== undefined &&
    (!Array.isArray(ownerRefs) || ownerRefs.some(r => typeof r !== 'string'))
  ) {
    throw new InputError('Invalid ownerRefs: must be an array of strings');
  }
}

function applyOwners(
  builder: Knex.QueryBuilder,
  ownerRefs: string[] | undefined,
  includeUnowned: boolean | undefined,
) {
  if (ownerRefs === undefined) {
    return;
  }
  const refs = unique(
    ownerRefs
      .map(ref => normalizeRef(ref))
      .filter((ref): ref is string => ref !== undefined),
  );
  builder.where(owners => {
    owners.whereIn('owner_ref', refs);
    if (includeUnowned) {
      owners.orWhereNull('owner_ref');
    }
  });
}

function checkDate(value: Date | undefined, field: string): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InputError(`Invalid ${field}: must be a valid date`);
  }
  return value;
}

/** Escapes LIKE wildcards; the pattern is used with `ESCAPE '\'`. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

type Cursor = { capturedAt: number; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(
    JSON.stringify({ t: cursor.capturedAt, i: cursor.id }),
    'utf8',
  ).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  const invalid = () => new InputError('Invalid cursor');
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) {
    throw invalid();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw invalid();
  }
  const { t, i } = parsed as { t?: unknown; i?: unknown };
  const id = typeof i === 'string' ? normalizeUuid(i) : undefined;
  if (
    typeof t !== 'number' ||
    !Number.isSafeInteger(t) ||
    Number.isNaN(new Date(t).getTime()) ||
    !id
  ) {
    throw invalid();
  }
  return { capturedAt: t, id };
}

function toSummary(row: SummaryRow): DeadLetterSummary {
  const summary: DeadLetterSummary = {
    id: String(row.id).toLowerCase(),
    environment: row.environment,
    deadLetterQueue: row.dead_letter_queue,
    sourceQueue: row.source_queue,
    reason: row.reason,
    originalExchange: row.original_exchange,
    originalRoutingKeys: parseJson<string[]>(row.original_routing_keys, []),
    bodySize: Number(row.body_size),
    bodyEncoding: row.body_encoding as BodyEncoding,
    groupFingerprint: row.group_fingerprint,
    state: row.state as DeadLetterState,
    capturedAt: toIso(row.captured_at),
    stateChangedAt: toIso(row.state_changed_at),
    replayCount: Number(row.replay_count),
  };
  if (row.message_id !== null) summary.messageId = row.message_id;
  if (row.message_type !== null) summary.messageType = row.message_type;
  if (row.exception_type !== null) summary.exceptionType = row.exception_type;
  if (row.content_type !== null) summary.contentType = row.content_type;
  if (row.component_ref !== null) summary.componentRef = row.component_ref;
  if (row.owner_ref !== null) summary.ownerRef = row.owner_ref;
  if (row.first_death_at !== null) {
    summary.firstDeathAt = toIso(row.first_death_at);
  }
  if (row.last_death_at !== null) {
    summary.lastDeathAt = toIso(row.last_death_at);
  }
  if (row.resolved_at !== null) summary.resolvedAt = toIso(row.resolved_at);
  if (row.previous_message_id !== null) {
    summary.previousMessageId = String(row.previous_message_id).toLowerCase();
  }
  return summary;
}

/** A timestamp as the drivers return it: Date (pg), epoch ms (SQLite), or text. */
function toDate(value: DbTime): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  const numeric = Number(value);
  if (value.trim() !== '' && Number.isFinite(numeric)) {
    return new Date(numeric);
  }
  // SQLite's CURRENT_TIMESTAMP format is UTC without a zone designator.
  return new Date(
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value,
  );
}

function toIso(value: DbTime): string {
  return toDate(value).toISOString();
}

function validDate(value: Date | undefined): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime())
    ? value
    : undefined;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined) {
    return fallback;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function normalizeUuid(value: string | undefined): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const lower = value.trim().toLowerCase();
  return UUID_PATTERN.test(lower) ? lower : undefined;
}

/** Entity refs compare case-insensitively in Backstage; they are stored lower-cased. */
function normalizeRef(ref: string | undefined): string | undefined {
  const trimmed = ref?.trim();
  return trimmed ? trimmed.toLowerCase() : undefined;
}

function pairKey(environment: string, sourceQueue: string): string {
  return `${environment}\u0000${sourceQueue}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function chunk<T>(values: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    chunks.push(values.slice(i, i + size));
  }
  return chunks;
}
