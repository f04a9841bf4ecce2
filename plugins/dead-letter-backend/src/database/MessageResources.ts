import type { DeadLetterState } from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { normalizeUuids } from './conversions';
import { Dialect } from './dialect';
import { listFilter } from './listQuery';
import { MESSAGES } from './tables';
import { DeadLetterListFilter, DeadLetterResource } from './types';

const RESOURCE_COLUMNS = [
  'id',
  'environment',
  'owner_ref',
  'component_ref',
  'state',
  'source_queue',
];

type ResourceRow = {
  id: string;
  environment: string;
  owner_ref: string | null;
  component_ref: string | null;
  state: DeadLetterState;
  source_queue: string;
};

/** What permission decisions need of messages: owner, state and queue. */
export class MessageResources {
  constructor(private readonly knex: Knex, private readonly dialect: Dialect) {}

  /** The given messages; unknown ids are left out. */
  async resources(ids: string[]): Promise<DeadLetterResource[]> {
    const normalized = normalizeUuids(ids);
    const rows: ResourceRow[] = [];
    for (let i = 0; i < normalized.length; i += 500) {
      rows.push(
        ...(await this.knex(MESSAGES)
          .whereIn('id', normalized.slice(i, i + 500))
          .select(RESOURCE_COLUMNS)),
      );
    }
    return rows.map(toResource);
  }

  /**
   * The messages matching a list filter, at most `limit` (oldest first, so a
   * capped selection takes the longest-waiting messages), in one query.
   */
  async matchingResources(
    query: DeadLetterListFilter,
    limit: number,
  ): Promise<DeadLetterResource[]> {
    const rows: ResourceRow[] = await this.knex(MESSAGES)
      .select(RESOURCE_COLUMNS)
      .where(listFilter(query, this.dialect))
      .orderBy([
        { column: 'captured_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toResource);
  }
}

function toResource(row: ResourceRow): DeadLetterResource {
  return {
    id: String(row.id).toLowerCase(),
    environment: row.environment,
    ownerRef: row.owner_ref ?? undefined,
    componentRef: row.component_ref ?? undefined,
    state: row.state,
    sourceQueue: row.source_queue,
  };
}
