import type {
  BodyEncoding,
  DeadLetterState,
  DeadLetterSummary,
  DeathRecord,
} from '@internal/backstage-plugin-dead-letter-common';

/** Bytes of body text kept for search. */
export const BODY_TEXT_LIMIT = 64 * 1024;

/** A dead-lettered message, parsed and ready to be stored. */
export type CapturedDeadLetter = {
  environment: string;
  /** The queue it was captured from. */
  deadLetterQueue: string;
  /** `x-first-death-queue`, else the oldest `x-death` entry's queue, else the dead-letter queue. */
  sourceQueue: string;
  /** `x-first-death-reason`, else the first death's `x-death` reason, else `'unknown'`. */
  reason: string;
  /** `x-first-death-exchange`, else the first death's `x-death` exchange; `''` is the default exchange. */
  originalExchange: string;
  /** `routing-keys` of the `x-death` entry of the first death. */
  originalRoutingKeys: string[];
  messageId?: string;
  messageType?: string;
  contentType?: string;
  contentEncoding?: string;
  /** See `EXCEPTION_TYPE_HEADERS` in capture/parseDeadLetter. */
  exceptionType?: string;
  /** The exact body bytes. */
  body: Buffer;
  bodyEncoding: BodyEncoding;
  /** The UTF-8 text of the body for search, at most {@link BODY_TEXT_LIMIT} bytes, NUL characters removed; undefined for binary bodies. */
  bodyText?: string;
  /** JSON-safe copy of the AMQP headers (see `toJsonSafe`). */
  headers: Record<string, unknown>;
  /** JSON-safe copy of the AMQP properties except `headers`. */
  properties: Record<string, unknown>;
  /** The parsed `x-death` entries, newest first as RabbitMQ orders them. */
  deathHistory: DeathRecord[];
  firstDeathAt?: Date;
  lastDeathAt?: Date;
  redelivered: boolean;
  /**
   * sha256 hex over environment, dead-letter queue, properties, headers
   * (except `REDELIVERY_HEADERS` of capture/parseDeadLetter) and body:
   * identical for a broker redelivery of the same message.
   */
  contentHash: string;
  /** sha256 hex of `environment|sourceQueue|reason|messageType|exceptionType`. */
  groupFingerprint: string;
  /** Header `x-portal-replay-count`, default 0. */
  replayCount: number;
  /** Header `x-portal-replay-job`. */
  replayJobId?: string;
  /** Header `x-portal-dead-letter-id`: the id of this message's earlier life. */
  previousLifeId?: string;
};

/** A captured message with the catalog ownership of its source queue. */
export type DeadLetterToInsert = CapturedDeadLetter & {
  componentRef?: string;
  ownerRef?: string;
};

/** Filters and page of `MessageQueries.list`. */
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

/** The filters of a list query, without its page. */
export type DeadLetterListFilter = Omit<
  DeadLetterListQuery,
  'limit' | 'cursor'
>;

/** A page of `MessageQueries.list`. */
export type DeadLetterListResult = {
  items: DeadLetterSummary[];
  /** Present when there may be more rows. */
  nextCursor?: string;
  /**
   * Rows matching the filters, for the first page only (no cursor): exact up
   * to `LIST_COUNT_CAP`; when more match, it is the cap and `totalCapped` is
   * set.
   */
  totalEstimate?: number;
  /** More than `totalEstimate` rows match (counting stopped at the cap). */
  totalCapped?: boolean;
};

/** Who owns a source queue; see `OwnerAssignment.assignOwners`. */
export type DeadLetterOwnerMapping = {
  /** Only this environment; when absent, every environment without its own entry. */
  environment?: string;
  sourceQueue: string;
  componentRef?: string;
  ownerRef?: string;
};

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
