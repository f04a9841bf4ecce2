import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Marker result hash: differs from any real one, so the next pass writes. */
export const REPAIR_RESULT_HASH = 'stitch-repair';

/**
 * Finds catalog entities that were processed but never stitched, and makes
 * the catalog process them again.
 *
 * The catalog's processing engine commits an entity's processed result
 * (with its result hash) and only then, in a separate statement, queues the
 * entity for stitching. A backend killed between the two leaves an entity
 * that is processed, has no final entity and is not queued; every later
 * pass sees an unchanged result hash and skips it, so the entity never
 * shows up in the catalog until its source changes. Clearing the hash and
 * asking for a refresh sends it through processing and stitching again.
 */
export class StitchRepair {
  static create(options: { knex: Knex; logger: LoggerService }) {
    return new StitchRepair(options.knex, options.logger);
  }

  private constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
  ) {}

  /** Repairs up to `limit` entities; returns their refs. */
  async run(limit = 1000): Promise<string[]> {
    const { knex } = this;
    const stuck: Array<{ entity_id: string; entity_ref: string }> = await knex(
      'refresh_state',
    )
      .select('refresh_state.entity_id', 'refresh_state.entity_ref')
      .whereNotNull('refresh_state.processed_entity')
      .whereNot('refresh_state.result_hash', REPAIR_RESULT_HASH)
      .whereNotExists(
        knex('final_entities')
          .select(knex.raw('1'))
          .whereRaw('final_entities.entity_id = refresh_state.entity_id')
          .whereNotNull('final_entities.final_entity'),
      )
      .whereNotExists(
        knex('stitch_queue')
          .select(knex.raw('1'))
          .whereRaw('stitch_queue.entity_ref = refresh_state.entity_ref'),
      )
      .limit(limit);
    if (stuck.length === 0) return [];

    // An entity caught between its commit and its (imminent) stitch request
    // matches too; processing it once more is harmless.
    await knex('refresh_state')
      .whereIn(
        'entity_id',
        stuck.map(row => row.entity_id),
      )
      .update({
        result_hash: REPAIR_RESULT_HASH,
        next_update_at: knex.fn.now(),
      });
    const refs = stuck.map(row => row.entity_ref);
    this.logger.warn(
      `Re-processing ${
        refs.length
      } entities that were processed but never stitched (a backend stopped in between): ${refs
        .slice(0, 10)
        .join(', ')}${refs.length > 10 ? ', ...' : ''}`,
    );
    return refs;
  }
}
