import type {
  DeadLetterCount,
  DeadLetterFailureGroup,
  DeadLetterMessage,
  DeadLetterState,
} from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { DbTime, toDate, toIso } from '@internal/backstage-plugin-portal-node';
import { normalizeUuid } from './conversions';
import { Dialect } from './dialect';
import {
  applyOwners,
  applyStates,
  checkLimit,
  checkStates,
  decodeCursor,
  encodeCursor,
  escapeLike,
  listFilter,
} from './listQuery';
import {
  MESSAGE_COLUMNS,
  MessageRow,
  SUMMARY_COLUMNS,
  SummaryRow,
  toMessage,
  toSummary,
} from './messageRows';
import { MESSAGES } from './tables';
import { DeadLetterListQuery, DeadLetterListResult } from './types';

export type { DeadLetterCount, DeadLetterFailureGroup };

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
export const SEARCH_SCAN_BUDGET = 2000;

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

const NEWEST_FIRST = [
  { column: 'captured_at', order: 'desc' },
  { column: 'id', order: 'desc' },
];

type PageCount = { total: number; capped: boolean };

/** Reading messages: pages, search, one message, counts, failure groups. */
export class MessageQueries {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    /**
     * Messages a text search checks directly before it asks the search
     * index; 0 always asks the index.
     */
    private readonly searchScanBudget: number,
  ) {}

  /** A page of messages, newest first. */
  async list(query: DeadLetterListQuery): Promise<DeadLetterListResult> {
    const limit = query.limit;
    checkLimit(limit);
    const cursor =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const filter = listFilter(query, this.dialect);
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

    const text = query.text?.trim();
    if (text && this.dialect.searchIndexed && this.searchScanBudget > 0) {
      const scanned = await this.scanNewest(query, text, afterCursor, limit);
      if (scanned) {
        return toPage(scanned.rows, limit, !cursor && scanned.count);
      }
    }

    const pageQuery = this.knex(MESSAGES)
      .select(SUMMARY_COLUMNS)
      .where(filter)
      .modify(afterCursor)
      .orderBy(NEWEST_FIRST)
      .limit(limit + 1);
    // The count runs next to the page; it is only used when the page is full.
    const counting = cursor
      ? undefined
      : this.knex
          .count<Array<{ count: number | string }>>('* as count')
          .from(
            this.knex(MESSAGES)
              .select(this.knex.raw('1'))
              .where(filter)
              .limit(LIST_COUNT_CAP + 1)
              .as('matches'),
          )
          .then(([row]) => Number(row.count));
    counting?.catch(() => {});
    const page: SummaryRow[] = await pageQuery;
    let count: PageCount | false = false;
    if (counting) {
      const total = page.length > limit ? await counting : page.length;
      count = {
        total: Math.min(total, LIST_COUNT_CAP),
        capped: total > LIST_COUNT_CAP,
      };
    }
    return toPage(page, limit, count);
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
  ): Promise<{ rows: SummaryRow[]; count: PageCount } | undefined> {
    const pattern = `%${escapeLike(text)}%`;
    const newest = this.knex(MESSAGES)
      .select(SUMMARY_COLUMNS)
      .select(
        this.knex.raw(
          `(?? ILIKE ? ESCAPE '\\' OR ?? ILIKE ? ESCAPE '\\' OR ?? ILIKE ? ESCAPE '\\') AS text_match`,
          ['body_text', pattern, 'headers', pattern, 'message_id', pattern],
        ),
      )
      .where(listFilter({ ...query, text: undefined }, this.dialect))
      .modify(afterCursor)
      .orderBy(NEWEST_FIRST)
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
        .orderBy(NEWEST_FIRST)
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

  /** One message with its body, or undefined when there is none with that id. */
  async get(id: string): Promise<DeadLetterMessage | undefined> {
    const normalized = normalizeUuid(id);
    if (!normalized) {
      return undefined;
    }
    const row: Omit<MessageRow, 'body_text'> | undefined = await this.knex(
      MESSAGES,
    )
      .where('id', normalized)
      .first(MESSAGE_COLUMNS);
    return row ? toMessage(row) : undefined;
  }

  /** Number of messages per environment, owner and state. */
  async counts(query: {
    ownerRefs?: string[];
    /** With `ownerRefs`: also count unowned messages. */
    includeUnowned?: boolean;
    states?: DeadLetterState[];
  }): Promise<DeadLetterCount[]> {
    checkStates(query.states);
    const rows = (await this.knex(MESSAGES)
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
    const rows: GroupRow[] = await this.knex(MESSAGES)
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
    return rows
      .map(toGroup)
      .sort(
        (a, b) =>
          b.count - a.count ||
          b.lastSeen.localeCompare(a.lastSeen) ||
          a.fingerprint.localeCompare(b.fingerprint),
      );
  }
}

type GroupRow = {
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
};

function toGroup(row: GroupRow): DeadLetterFailureGroup {
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
}

function toPage(
  page: SummaryRow[],
  limit: number,
  count: PageCount | false,
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
