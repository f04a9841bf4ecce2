/** Time ranges the logs can be read for, as Humio relative times. */
export const HUMIO_LOG_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;

export type HumioLogRange = (typeof HUMIO_LOG_RANGES)[number];

export const DEFAULT_HUMIO_LOG_RANGE: HumioLogRange = '1h';

/** Events returned per request unless `limit` says otherwise, and at most. */
export const DEFAULT_HUMIO_LOG_LIMIT = 100;
export const MAX_HUMIO_LOG_LIMIT = 500;

/**
 * One log event. Every value is the event's text as Humio returned it:
 * plain strings, to be shown as text and never interpreted as markup.
 */
export type HumioLogEvent = {
  /** Humio's `@id`, when it has one. */
  id?: string;
  /** ISO 8601 (from `@timestamp`). */
  timestamp: string;
  /** The `level` (or `loglevel`, `severity`) field, upper-cased; absent when the event has none. */
  level?: string;
  /** The `message` field, or the raw log line (`@rawstring`) without one. Long messages are cut. */
  message: string;
  /** A few further fields of the event (e.g. `logger`, `traceId`), values cut to a readable length. */
  fields: Record<string, string>;
};

/** The events of an entity for a range. */
export type EntityLogsOk = {
  status: 'ok';
  range: HumioLogRange;
  /** The repository (or view) that was searched. */
  repository: string;
  /** The query that was run, without the backend's counting and limiting stages. */
  query: string;
  /** The same query and range in Humio's search page. */
  humioUrl: string;
  /** The newest events, newest first, at most `limit`. */
  events: HumioLogEvent[];
  limit: number;
  counts: {
    /** Events matching the query in the range. */
    total: number;
    /** Of those, events matching the backend's error filter (`humio.errorFilter`). */
    errors: number;
  };
  /** When Humio was asked (ISO 8601). */
  generatedAt: string;
};

/**
 * Humio is not set up in the backend (`humio.baseUrl` / `humio.token`), or
 * there is no repository for this entity (no annotation, no default).
 */
export type EntityLogsNotConfigured = {
  status: 'not-configured';
  message: string;
};

/**
 * Humio refused the entity's query or repository (a syntax error in the
 * `humio.com/query` annotation, an unknown repository, a repository outside
 * `humio.allowedRepositories`): the entity's annotations need fixing.
 */
export type EntityLogsInvalidQuery = {
  status: 'invalid-query';
  message: string;
  repository?: string;
  query?: string;
};

/**
 * `GET /entities/:namespace/:kind/:name/logs`. Humio not answering is not
 * one of these: it is a 503 error response whose message says why.
 */
export type EntityLogsResponse =
  | EntityLogsOk
  | EntityLogsNotConfigured
  | EntityLogsInvalidQuery;

/** `GET /status`: whether the backend can reach Humio now. */
export type HumioStatusResponse = {
  /** `humio.baseUrl` and `humio.token` are set. */
  configured: boolean;
  /** Humio answered and accepted the token. */
  connected: boolean;
  /** Why not, when not connected. */
  message?: string;
  /** ISO 8601. */
  checkedAt: string;
};
