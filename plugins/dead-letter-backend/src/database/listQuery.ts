import { InputError } from '@backstage/errors';
import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { normalizeRef, normalizeUuid, unique } from './conversions';
import { Dialect } from './dialect';
import { MESSAGES, SEARCH, SEARCH_BACKLOG } from './tables';
import { DeadLetterListFilter } from './types';

/** Largest page `list` returns. */
export const MAX_LIST_LIMIT = 500;

/** Longest `text` search accepted by `list`. */
export const MAX_SEARCH_TEXT_LENGTH = 500;

const DEAD_LETTER_STATES: ReadonlyArray<DeadLetterState> = [
  'unresolved',
  'replaying',
  'replayed',
  'discarded',
];

/*
 * The checks below guard what goes into SQL: a state that is not one never
 * matches silently, and an invalid date or an overlong pattern would fail
 * the statement on Postgres.
 */

/** Throws an InputError naming `limit` when it is not 1..{@link MAX_LIST_LIMIT}. */
export function checkLimit(limit: number) {
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
}

/** Throws an InputError naming `states` when one of them is not a state. */
export function checkStates(states: DeadLetterState[] | undefined) {
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

function checkDate(value: Date | undefined, field: string): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InputError(`Invalid ${field}: must be a valid date`);
  }
  return value;
}

export function applyStates(
  builder: Knex.QueryBuilder,
  states: DeadLetterState[] | undefined,
) {
  if (states !== undefined) {
    builder.whereIn('state', unique(states));
  }
}

export function applyOwners(
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

/** Escapes LIKE wildcards; the pattern is used with `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

/** The filters of a list query, without the cursor. */
export function listFilter(
  query: DeadLetterListFilter,
  dialect: Pick<Dialect, 'isPostgres' | 'searchIndexed'>,
): (builder: Knex.QueryBuilder) => void {
  checkStates(query.states);
  const from = checkDate(query.from, 'from');
  const to = checkDate(query.to, 'to');
  const text = query.text?.trim();
  if (text !== undefined && text.length > MAX_SEARCH_TEXT_LENGTH) {
    throw new InputError(
      `Invalid text: at most ${MAX_SEARCH_TEXT_LENGTH} characters`,
    );
  }
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
      builder.where('component_ref', normalizeRef(query.componentRef) ?? null);
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
      applyText(builder, text, dialect);
    }
  };
}

/** Case-insensitive substring of the body text, headers or message id. */
function applyText(
  builder: Knex.QueryBuilder,
  text: string,
  dialect: Pick<Dialect, 'isPostgres' | 'searchIndexed'>,
) {
  const like = dialect.isPostgres ? 'ILIKE' : 'LIKE';
  const pattern = `%${escapeLike(text)}%`;
  const inColumns = (table: string) => (search: Knex.QueryBuilder) =>
    search
      .whereRaw(`?? ${like} ? ESCAPE '\\'`, [`${table}.body_text`, pattern])
      .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, [`${table}.headers`, pattern])
      .orWhereRaw(`?? ${like} ? ESCAPE '\\'`, [`${table}.message_id`, pattern]);
  if (!dialect.searchIndexed) {
    builder.where(inColumns(MESSAGES));
    return;
  }
  // The indexed document is the lower-cased columns: LIKE on it with the
  // lower-cased pattern is ILIKE on them (which lower-cases the same way),
  // and cheaper. Messages not indexed yet are checked on their columns.
  builder.whereIn('id', candidates =>
    candidates
      .select('message_id')
      .from(SEARCH)
      .whereRaw(`document LIKE lower(?) ESCAPE '\\'`, [pattern])
      .unionAll(backlog =>
        // A subquery per backlog row: the backlog is what drives, never a
        // scan of the messages.
        backlog
          .select('b.message_id')
          .from({ b: SEARCH_BACKLOG })
          .whereRaw(
            `(SELECT m.body_text ${like} ? ESCAPE '\\' OR m.headers ${like} ? ESCAPE '\\' OR m.message_id ${like} ? ESCAPE '\\' FROM ?? AS m WHERE m.id = b.message_id)`,
            [pattern, pattern, pattern, MESSAGES],
          ),
      ),
  );
  if (text.includes('\n')) {
    // The document joins the columns with line breaks: a text with one
    // could match across two of them.
    builder.where(inColumns(MESSAGES));
  }
}

/** Where a page ends: the last row's capture time and id. */
export type Cursor = { capturedAt: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(
    JSON.stringify({ t: cursor.capturedAt, i: cursor.id }),
    'utf8',
  ).toString('base64url');
}

/** The cursor of a previous page; an InputError when it is not one. */
export function decodeCursor(cursor: string): Cursor {
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
