import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  LocationSpec,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { RABBITMQ_QUEUES_ANNOTATION } from '@internal/backstage-plugin-queue-registry-common';
import { declaredQueues, QueueRegistryStore } from './QueueRegistryStore';

/** More than this on one component is refused rather than registered. */
export const MAX_QUEUES_PER_COMPONENT = 100;

/** Cache key: whether the entity held claims when last processed. */
const CLAIMED = 'claimed';

/**
 * Claims the queues a Component declares in the registry each time the
 * catalog processes it. A queue registered to another component is refused
 * with a processing error on this entity (shown on the Catalog errors page)
 * naming the queue and its owner.
 */
export class QueueClaimProcessor implements CatalogProcessor {
  constructor(private readonly store: QueueRegistryStore) {}

  getProcessorName() {
    return 'QueueClaimProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return entity;
    }
    const hasAnnotation =
      entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION] !== undefined;
    // Most components declare no queue: no database work unless they did.
    if (!hasAnnotation && !(await cache.get<boolean>(CLAIMED))) {
      return entity;
    }
    const queues = declaredQueues(entity);
    if (queues.length > MAX_QUEUES_PER_COMPONENT) {
      emit(
        processingResult.inputError(
          location,
          `Annotation ${RABBITMQ_QUEUES_ANNOTATION} names ${queues.length} queues; a component may declare at most ${MAX_QUEUES_PER_COMPONENT}`,
        ),
      );
      return entity;
    }
    const entityRef = stringifyEntityRef(entity);
    const refused = await this.store.claim({
      entityRef,
      queues,
      location: entity.metadata.annotations?.[ANNOTATION_LOCATION],
    });
    await cache.set(CLAIMED, queues.length > refused.length);
    for (const { queue, ownerRef } of refused) {
      emit(
        processingResult.inputError(
          location,
          `Queue ${queue} is registered to ${ownerRef}; the claim of ${entityRef.toLocaleLowerCase(
            'en-US',
          )} is refused. A queue belongs to one component; the platform team can reassign it.`,
        ),
      );
    }
    return entity;
  }
}
