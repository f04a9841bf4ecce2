import { Knex } from 'knex';
import { MESSAGES, REPLAY_ITEMS, REPLAY_JOBS } from './tables';

/** Rows deleted per statement, so a large purge never holds long locks. */
const CHUNK = 1000;

/**
 * Removes what is no longer needed: resolved (replayed or discarded)
 * messages and finished replay jobs older than the retention period.
 * Unresolved and replaying messages are never removed.
 */
export class Retention {
  constructor(private readonly knex: Knex) {}

  async purge(
    resolvedBefore: Date,
  ): Promise<{ messages: number; jobs: number }> {
    let messages = 0;
    for (;;) {
      const ids: Array<{ id: string }> = await this.knex(MESSAGES)
        .whereIn('state', ['replayed', 'discarded'])
        .whereNotNull('resolved_at')
        .where('resolved_at', '<', resolvedBefore)
        .limit(CHUNK)
        .select('id');
      if (ids.length === 0) break;
      // The state is checked again: a message restored meanwhile stays.
      messages += await this.knex(MESSAGES)
        .whereIn(
          'id',
          ids.map(r => r.id),
        )
        .whereIn('state', ['replayed', 'discarded'])
        .where('resolved_at', '<', resolvedBefore)
        .delete();
      if (ids.length < CHUNK) break;
    }
    const finished = (b: Knex.QueryBuilder) =>
      b
        .whereIn('state', ['completed', 'failed', 'cancelled'])
        .whereNotNull('finished_at')
        .where('finished_at', '<', resolvedBefore);
    // Explicitly, as SQLite enforces the cascade only with foreign keys on.
    await this.knex(REPLAY_ITEMS)
      .whereIn('job_id', this.knex(REPLAY_JOBS).modify(finished).select('id'))
      .delete();
    const jobs = await this.knex(REPLAY_JOBS).modify(finished).delete();
    return { messages, jobs };
  }
}
