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
import type { CapturedDeadLetter } from '../capture/parseDeadLetter';
import { ReplayStore } from '../replay/ReplayStore';
import { AuditLog } from './AuditLog';

export type { DeadLetterCount, DeadLetterFailureGroup };

const TABLE = 'dead_letter_messages';

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

/** Longest `text` search accepted by `list`. */
export const MAX_SEARCH_TEXT_LENGTH = 500;

/**
 * Bound parameters per statement on SQLite. SQLite before 3.32 allows 999;
 * the conservative value keeps every build working.
 */
const SQLITE_MAX_VARIABLES = 999;
/** Postgres allows 65535 bound parameters per statement. */
const POSTGRES_MAX_VARIABLES = 65535;
/** Rows per multi-row insert on Postgres. */
const POSTGRES_MAX_ROWS_PER_INSERT = 500;
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
  /** Rows matching the filters; computed for the first page only (no cursor). */
  totalEstimate?: number;
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
};

export class DeadLetterStore {
  /**
   * Connects to the plugin database and brings its schema up to date (unless
   * `skipMigrations` or the database service says to skip migrations).
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
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
    return new DeadLetterStore(knex);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly knex: Knex) {
    const client = String(knex.client.config.client ?? '');
    this.isPostgres = client === 'pg' || client.includes('postgres');
  }

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
   * chunked by row count and size.
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

      const rows: Array<
        Omit<MessageRow, 'captured_at'> & { captured_at: Date }
      > = [];
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
        ? Math.min(
            POSTGRES_MAX_ROWS_PER_INSERT,
            Math.floor(POSTGRES_MAX_VARIABLES / columnCount),
          )
        : // SQLite also caps a compound SELECT (knex's multi-row insert) at 500 terms.
          Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / columnCount));
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
          await tx(TABLE).insert(batch);
          batch = [];
          batchBytes = 0;
        }
        batch.push(row);
        batchBytes += size;
      }
      if (batch.length > 0) {
        await tx(TABLE).insert(batch);
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

    const page: SummaryRow[] = await this.knex(TABLE)
      .select(SUMMARY_COLUMNS)
      .where(filter)
      .modify(builder => {
        if (cursor) {
          const at = new Date(cursor.capturedAt);
          builder.where(inner =>
            inner
              .where('captured_at', '<', at)
              .orWhere(same =>
                same
                  .where('captured_at', '=', at)
                  .andWhere('id', '<', cursor.id),
              ),
          );
        }
      })
      .orderBy([
        { column: 'captured_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);

    const items = page.slice(0, limit).map(toSummary);
    const result: DeadLetterListResult = { items };
    if (page.length > limit) {
      const last = page[limit - 1];
      result.nextCursor = encodeCursor({
        capturedAt: toDate(last.captured_at).getTime(),
        id: String(last.id).toLowerCase(),
      });
    }
    if (!cursor) {
      const [{ count }] = await this.knex(TABLE)
        .where(filter)
        .count<Array<{ count: number | string }>>('* as count');
      result.totalEstimate = Number(count);
    }
    return result;
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
    }> = [];
    for (let i = 0; i < normalized.length; i += 500) {
      rows.push(
        ...(await this.knex(TABLE)
          .whereIn('id', normalized.slice(i, i + 500))
          .select('id', 'environment', 'owner_ref', 'component_ref', 'state')),
      );
    }
    return rows.map(row => ({
      id: String(row.id).toLowerCase(),
      environment: row.environment,
      ownerRef: row.owner_ref ?? undefined,
      componentRef: row.component_ref ?? undefined,
      state: row.state,
    }));
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
        .update({
          state: options.to,
          state_changed_at: now,
          resolved_at: resolved ? now : null,
        });
    }
    return moved;
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
        builder.where(search =>
          search
            .whereRaw(`?? ${like} ? ESCAPE '\\'`, ['body_text', pattern])
            .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, ['headers', pattern])
            .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, ['message_id', pattern]),
        );
      }
    };
  }
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
