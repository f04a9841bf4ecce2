import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
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

/**
 * A registry derived from the (mock) catalog's Components at each read,
 * first declaring component first: for tests that seed the catalog only.
 */
mockQueueRegistry.fromCatalog = () =>
  createServiceFactory({
    service: queueRegistryServiceRef,
    deps: { catalog: catalogServiceRef, auth: coreServices.auth },
    factory: ({ catalog, auth }): QueueRegistry => ({
      list: async () => {
        const { items } = await catalog.getEntities(
          { filter: { kind: 'component' } },
          { credentials: await auth.getOwnServiceCredentials() },
        );
        return mockQueueRegistry.fromEntities(items).list();
      },
    }),
  });
