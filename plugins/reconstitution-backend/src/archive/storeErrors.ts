import { storableText } from './storableText';

/**
 * Whom a failed store is about:
 * - 'event': the database refused the data (a value it cannot take, a
 *   constraint, a trigger): the event is at fault and is parked;
 * - 'database': the database itself failed (connection, locks, resources,
 *   shutdown): retried, never blamed on an event;
 * - 'unknown': anything else; see the archive service.
 */
export function storeFailure(error: unknown): 'event' | 'database' | 'unknown' {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (name === 'KnexTimeoutError') return 'database';
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) {
      // Postgres SQLSTATE classes: 22 data exception, 23 integrity
      // constraint, 54 program limit (a value too large), P0 raised by a
      // trigger; 08 connection, 40 rollback (deadlock, serialization), 53
      // resources, 57 operator intervention, 58 system error.
      const cls = code.slice(0, 2);
      if (['22', '23', '54', 'P0'].includes(cls)) return 'event';
      if (['08', '40', '53', '57', '58'].includes(cls)) return 'database';
      return 'unknown';
    }
    if (code.startsWith('SQLITE_')) {
      if (
        code.startsWith('SQLITE_CONSTRAINT') ||
        ['SQLITE_TOOBIG', 'SQLITE_MISMATCH', 'SQLITE_RANGE'].includes(code)
      ) {
        return 'event';
      }
      return 'database';
    }
    // Node's network errors (ECONNREFUSED, ECONNRESET, EPIPE, ...).
    if (code.startsWith('E')) return 'database';
  }
  return 'unknown';
}

/**
 * The database's own message: knex prefixes it with the statement, which
 * for a batch insert is long and says nothing about the cause.
 */
export function describeStoreError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const statement = /^(insert|update|select|delete|create|with) /i.test(
    message,
  );
  const cut = message.indexOf(' - ');
  const cause = statement && cut >= 0 ? message.slice(cut + 3) : message;
  const { code } = (error ?? {}) as { code?: unknown };
  const text =
    typeof code === 'string' && !cause.includes(code)
      ? `${cause} (${code})`
      : cause;
  return storableText(text.slice(0, 1000));
}
