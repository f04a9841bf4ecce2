import { DatabaseService } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import {
  parseQueueAnnotation,
  QueueClaim,
  QueueConflict,
  QueueRegistryResponse,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';
import {
  chunks,
  migratedClient,
  toIso,
} from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';

const CLAIMS = 'queue_registry_claims';
const CONFLICTS = 'queue_registry_conflicts';

/**
 * Not knex_migrations: the registry shares the catalog's database, and knex
 * refuses to migrate when its table names migrations missing from the
 * directory.
 */
export const QUEUE_REGISTRY_MIGRATIONS_TABLE = 'queue_registry_knex_migrations';

/** Marker result hash: differs from any real one, so the next pass writes. */
export const REGISTRY_RESULT_HASH = 'queue-registry';

/** Keys one statement names, within SQLite's bound parameters. */
const CHUNK = 200;

/** refresh_state keeps refs as written; the registry's are lower-case. */
function lowerRefIn(refs: string[]): string {
  return `lower(entity_ref) in (${refs.map(() => '?').join(', ')})`;
}

/** An entity as the catalog holds it in `refresh_state`, before processing. */
export type CatalogEntityState = {
  entityRef: string;
  location?: string;
  declaredQueues: string[];
};

export function declaredQueues(entity: Entity | undefined): string[] {
  if (entity?.kind?.toLocaleLowerCase('en-US') !== 'component') {
    return [];
  }
  const value = entity.metadata?.annotations?.[RABBITMQ_QUEUES_ANNOTATION];
  return typeof value === 'string' ? parseQueueAnnotation(value).queues : [];
}

/**
 * Which component owns each queue. Claims are first-come: a claim is an
 * insert that does nothing when the queue is registered already, which holds
 * across replicas processing at the same time. A later claim never takes a
 * queue away; it is recorded as a conflict. Only the platform team's
 * reassignment moves a queue.
 *
 * Times come from this process's clock: SQLite stores bound dates as epoch
 * milliseconds and its own CURRENT_TIMESTAMP as text, which would not compare.
 */
export class QueueRegistryStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<QueueRegistryStore> {
    const knex = await migratedClient(options.database, {
      packageName:
        '@internal/backstage-plugin-catalog-backend-module-queue-registry',
      tableName: QUEUE_REGISTRY_MIGRATIONS_TABLE,
      skipMigrations: options.skipMigrations,
    });
    return new QueueRegistryStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Records that `entityRef` declares exactly `queues`: claims the free ones,
   * releases those it owned and no longer declares, and returns the declared
   * queues registered to other components (now recorded as conflicts).
   */
  async claim(options: {
    entityRef: string;
    queues: string[];
    location?: string;
    now?: Date;
  }): Promise<Array<{ queue: string; ownerRef: string }>> {
    const entityRef = options.entityRef.toLocaleLowerCase('en-US');
    const queues = [...new Set(options.queues)];
    const now = options.now ?? new Date();
    const location = options.location ?? null;
    const owners = new Map<string, string>();
    for (const batch of chunks(queues, CHUNK)) {
      await this.knex(CLAIMS)
        .insert(
          batch.map(queue => ({
            queue,
            entity_ref: entityRef,
            claimed_at: now,
            location,
          })),
        )
        .onConflict('queue')
        .ignore();
      const rows: Array<{ queue: string; entity_ref: string }> =
        await this.knex(CLAIMS)
          .whereIn('queue', batch)
          .select('queue', 'entity_ref');
      for (const row of rows) owners.set(row.queue, row.entity_ref);
    }
    await this.knex(CLAIMS)
      .where('entity_ref', entityRef)
      .modify(q => {
        if (queues.length > 0) q.whereNotIn('queue', queues);
      })
      .delete();

    const lost = queues.flatMap(queue => {
      const ownerRef = owners.get(queue);
      // Released between the insert and the read: claimed next time.
      return ownerRef && ownerRef !== entityRef ? [{ queue, ownerRef }] : [];
    });
    await this.knex(CONFLICTS)
      .where('claimant_ref', entityRef)
      .modify(q => {
        if (lost.length > 0) {
          q.whereNotIn(
            'queue',
            lost.map(l => l.queue),
          );
        }
      })
      .delete();
    for (const batch of chunks(lost, CHUNK)) {
      await this.knex(CONFLICTS)
        .insert(
          batch.map(({ queue, ownerRef }) => ({
            queue,
            claimant_ref: entityRef,
            owner_ref: ownerRef,
            detected_at: now,
            location,
          })),
        )
        .onConflict(['queue', 'claimant_ref'])
        // The first detection time stays.
        .merge(['owner_ref', 'location']);
    }
    return lost;
  }

  async list(): Promise<QueueRegistryResponse> {
    const claims = await this.knex(CLAIMS).select().orderBy('queue');
    const conflicts = await this.knex(CONFLICTS)
      .select()
      .orderBy(['queue', 'claimant_ref']);
    return {
      claims: claims.map(
        (row): QueueClaim => ({
          queue: row.queue,
          entityRef: row.entity_ref,
          claimedAt: toIso(row.claimed_at),
          ...(row.location ? { location: row.location } : {}),
        }),
      ),
      conflicts: conflicts.map(
        (row): QueueConflict => ({
          queue: row.queue,
          claimantRef: row.claimant_ref,
          ownerRef: row.owner_ref,
          detectedAt: toIso(row.detected_at),
          ...(row.location ? { location: row.location } : {}),
        }),
      ),
    };
  }

  /**
   * Registers the queue to `entityRef` whoever held it; returns the previous
   * owner. The new owner's conflict on it is gone; the previous owner's is
   * recorded when the catalog processes it next.
   */
  async reassign(options: {
    queue: string;
    entityRef: string;
    location?: string;
    now?: Date;
  }): Promise<{ previousRef?: string }> {
    const entityRef = options.entityRef.toLocaleLowerCase('en-US');
    const now = options.now ?? new Date();
    return this.knex.transaction(async tx => {
      const previous = await tx(CLAIMS)
        .where('queue', options.queue)
        .first('entity_ref');
      await tx(CLAIMS)
        .insert({
          queue: options.queue,
          entity_ref: entityRef,
          claimed_at: now,
          location: options.location ?? null,
        })
        .onConflict('queue')
        .merge(['entity_ref', 'claimed_at', 'location']);
      await tx(CONFLICTS)
        .where({ queue: options.queue, claimant_ref: entityRef })
        .delete();
      await tx(CONFLICTS)
        .where('queue', options.queue)
        .update({ owner_ref: entityRef });
      return { previousRef: previous?.entity_ref };
    });
  }

  /** The entities as the catalog holds them (absent: not in the catalog). */
  async catalogEntities(
    refs: string[],
  ): Promise<Map<string, CatalogEntityState>> {
    const found = new Map<string, CatalogEntityState>();
    const lower = [...new Set(refs.map(r => r.toLocaleLowerCase('en-US')))];
    for (const batch of chunks(lower, CHUNK)) {
      const rows: Array<{ entity_ref: string; unprocessed_entity: string }> =
        await this.knex('refresh_state')
          .whereRaw(lowerRefIn(batch), batch)
          .select('entity_ref', 'unprocessed_entity');
      for (const row of rows) {
        let entity: Entity | undefined;
        try {
          entity = JSON.parse(row.unprocessed_entity);
        } catch {
          entity = undefined;
        }
        const entityRef = row.entity_ref.toLocaleLowerCase('en-US');
        found.set(entityRef, {
          entityRef,
          location: entity?.metadata?.annotations?.[ANNOTATION_LOCATION],
          declaredQueues: declaredQueues(entity),
        });
      }
    }
    return found;
  }

  /** Makes the catalog process these entities again soon. */
  async refreshEntities(refs: string[]): Promise<void> {
    const lower = [...new Set(refs.map(r => r.toLocaleLowerCase('en-US')))];
    for (const batch of chunks(lower, CHUNK)) {
      await this.knex('refresh_state')
        .whereRaw(lowerRefIn(batch), batch)
        .update({
          result_hash: REGISTRY_RESULT_HASH,
          next_update_at: this.knex.fn.now(),
        });
    }
  }

  /**
   * Releases claims of entities that left the catalog or stopped declaring
   * the queue, and clears conflicts that no longer hold. A claimant whose
   * queue became free is refreshed, so it claims the queue.
   */
  async sweep(): Promise<{
    released: Array<{ queue: string; entityRef: string }>;
    clearedConflicts: number;
    refreshed: string[];
  }> {
    const claims: Array<{ queue: string; entity_ref: string }> =
      await this.knex(CLAIMS).select('queue', 'entity_ref');
    const conflicts: Array<{
      queue: string;
      claimant_ref: string;
    }> = await this.knex(CONFLICTS).select('queue', 'claimant_ref');
    const entities = await this.catalogEntities([
      ...claims.map(c => c.entity_ref),
      ...conflicts.map(c => c.claimant_ref),
    ]);
    const declares = (ref: string, queue: string) =>
      entities.get(ref)?.declaredQueues.includes(queue) ?? false;

    const released = claims
      .filter(c => !declares(c.entity_ref, c.queue))
      .map(c => ({ queue: c.queue, entityRef: c.entity_ref }));
    for (const { queue, entityRef } of released) {
      // Only if still held by the same entity (a reassignment may have won).
      await this.knex(CLAIMS).where({ queue, entity_ref: entityRef }).delete();
    }

    const owners = new Map<string, string>(
      (await this.knex(CLAIMS).select('queue', 'entity_ref')).map(
        (r: { queue: string; entity_ref: string }) => [r.queue, r.entity_ref],
      ),
    );
    let clearedConflicts = 0;
    const refreshed = new Set<string>();
    for (const { queue, claimant_ref: claimant } of conflicts) {
      const owner = owners.get(queue);
      const holds =
        declares(claimant, queue) && owner !== undefined && owner !== claimant;
      if (holds) continue;
      clearedConflicts += await this.knex(CONFLICTS)
        .where({ queue, claimant_ref: claimant })
        .delete();
      // Its error names an owner that is gone (or is itself): process again.
      if (entities.has(claimant)) refreshed.add(claimant);
    }
    if (refreshed.size > 0) {
      await this.refreshEntities([...refreshed]);
    }
    return { released, clearedConflicts, refreshed: [...refreshed] };
  }
}
