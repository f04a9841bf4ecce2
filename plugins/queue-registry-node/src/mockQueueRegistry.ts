import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  parseQueueAnnotation,
  QueueClaim,
  QueueConflict,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';
import { QueueRegistry, queueRegistryServiceRef } from './QueueRegistryClient';

const CLAIMED_AT = '2026-01-01T00:00:00.000Z';

/**
 * A fixed registry for tests of the plugins that read it; `factory()` puts
 * it in a test backend. `mockQueueRegistry.fromEntities` claims each
 * declared queue for the first entity (in the given order) declaring it, as
 * the catalog does when it processes them in that order.
 */
export function mockQueueRegistry(registry: {
  claims?: QueueClaim[];
  conflicts?: QueueConflict[];
}) {
  const contents = {
    claims: registry.claims ?? [],
    conflicts: registry.conflicts ?? [],
  };
  const mock: QueueRegistry = { list: async () => contents };
  return {
    ...mock,
    factory: () =>
      createServiceFactory({
        service: queueRegistryServiceRef,
        deps: {},
        factory: () => mock,
      }),
  };
}

mockQueueRegistry.fromEntities = (entities: Entity[]) => {
  const claims = new Map<string, QueueClaim>();
  const conflicts: QueueConflict[] = [];
  for (const entity of entities) {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const declared = parseQueueAnnotation(
      entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION] ?? '',
    ).queues;
    for (const queue of declared) {
      const owner = claims.get(queue);
      if (!owner) {
        claims.set(queue, { queue, entityRef, claimedAt: CLAIMED_AT });
      } else if (owner.entityRef !== entityRef) {
        conflicts.push({
          queue,
          claimantRef: entityRef,
          ownerRef: owner.entityRef,
          detectedAt: CLAIMED_AT,
        });
      }
    }
  }
  return mockQueueRegistry({ claims: [...claims.values()], conflicts });
};
