import { Knex } from 'knex';
import { chunks, parseJson } from '@internal/backstage-plugin-portal-node';

/**
 * Reads the latest facts of many entities at once from the community
 * backend's `facts` table (same database). Its store reads one entity per
 * query, which is what makes on-demand checks slow across a whole
 * organisation.
 */
export class FactsReader {
  constructor(private readonly knex: Knex) {}

  /**
   * Latest facts per entity ref, merged across retrievers. With
   * `entityRefs`, only those entities.
   */
  async latest(
    retrieverIds: string[],
    entityRefs?: string[],
  ): Promise<Map<string, Record<string, unknown>>> {
    const merged = new Map<string, Record<string, unknown>>();
    if (!retrieverIds.length) return merged;
    if (!(await this.knex.schema.hasTable('facts'))) return merged;
    const scopes = entityRefs ? chunks(entityRefs, 400) : [undefined];
    for (const scope of scopes) {
      const latest = this.knex('facts')
        .select('id as latest_id', 'entity as latest_entity')
        .max('timestamp as latest_timestamp')
        .whereIn('id', retrieverIds)
        .groupBy('id', 'entity');
      if (scope) latest.whereIn('entity', scope);
      const rows = (await this.knex('facts as f')
        .join(latest.as('m'), join =>
          join
            .on('f.id', 'm.latest_id')
            .andOn('f.entity', 'm.latest_entity')
            .andOn('f.timestamp', 'm.latest_timestamp'),
        )
        .select('f.entity', 'f.facts')) as Array<{
        entity: string;
        facts: string;
      }>;
      for (const row of rows) {
        const ref = row.entity.toLocaleLowerCase('en-US');
        merged.set(ref, {
          ...merged.get(ref),
          ...parseJson<Record<string, unknown>>(row.facts, {}),
        });
      }
    }
    return merged;
  }
}
