import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import type {
  AuditAction,
  AuditEntry,
  AuditOutcome,
} from '@internal/backstage-plugin-dead-letter-common';
import { DbTime, toDate } from '@internal/backstage-plugin-portal-node';
import { UUID_PATTERN } from './conversions';
import { AUDIT } from './tables';

export type { AuditAction, AuditEntry, AuditOutcome };

type AuditRow = {
  id: string;
  at: DbTime;
  actor: string;
  action: AuditAction;
  environment: string | null;
  selection: string;
  target: string | null;
  requested: number;
  affected: number;
  outcome: AuditOutcome;
  details: string | null;
};

/** The audit log of every action on dead letters. Entries are never changed. */
export class AuditLog {
  constructor(private readonly knex: Knex) {}

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
    const full: AuditEntry = {
      ...entry,
      id: randomUUID(),
      at: new Date().toISOString(),
    };
    await this.knex(AUDIT).insert({
      id: full.id,
      at: new Date(full.at),
      actor: full.actor,
      action: full.action,
      environment: full.environment ?? null,
      selection: JSON.stringify(full.selection),
      target: full.target ? JSON.stringify(full.target) : null,
      requested: full.requested,
      affected: full.affected,
      outcome: full.outcome,
      details: full.details ?? null,
    });
    return full;
  }

  /**
   * Newest first, `limit` (1..200) at a time; `cursor` is the `nextCursor`
   * of the previous page.
   */
  async list(query: { limit: number; cursor?: string }) {
    let after: { at: number; id: string } | undefined;
    if (query.cursor !== undefined) {
      try {
        after = JSON.parse(Buffer.from(query.cursor, 'base64url').toString());
      } catch {
        after = undefined;
      }
      // Both values go into the query: an out-of-range time or a non-UUID id
      // would make Postgres fail the statement instead.
      if (
        !after ||
        typeof after.at !== 'number' ||
        !Number.isSafeInteger(after.at) ||
        Number.isNaN(new Date(after.at).getTime()) ||
        typeof after.id !== 'string' ||
        !UUID_PATTERN.test(after.id)
      ) {
        throw new InputError('Invalid cursor: not a cursor from this API');
      }
    }
    const rows: AuditRow[] = await this.knex(AUDIT)
      .modify(builder => {
        if (after) {
          const at = new Date(after.at);
          builder.where(inner =>
            inner
              .where('at', '<', at)
              .orWhere(same =>
                same.where('at', '=', at).andWhere('id', '<', after!.id),
              ),
          );
        }
      })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const items: AuditEntry[] = rows.slice(0, query.limit).map(row => ({
      id: row.id,
      at: toDate(row.at).toISOString(),
      actor: row.actor,
      action: row.action,
      environment: row.environment ?? undefined,
      selection: JSON.parse(row.selection),
      target: row.target ? JSON.parse(row.target) : undefined,
      requested: row.requested,
      affected: row.affected,
      outcome: row.outcome,
      details: row.details ?? undefined,
    }));
    const last = rows[query.limit - 1];
    return {
      items,
      nextCursor:
        rows.length > query.limit
          ? Buffer.from(
              JSON.stringify({ at: toDate(last.at).getTime(), id: last.id }),
            ).toString('base64url')
          : undefined,
    };
  }
}
