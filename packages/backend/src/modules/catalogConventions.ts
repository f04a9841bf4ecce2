import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  parseQueueAnnotation,
  RABBITMQ_QUEUES_ANNOTATION,
} from '@internal/backstage-plugin-queue-registry-common';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';

export function checkQueueAnnotation(value: string): string[] {
  const { queues, invalid } = parseQueueAnnotation(value);
  if (invalid.length > 0) {
    throw new InputError(
      `Annotation ${RABBITMQ_QUEUES_ANNOTATION} has invalid queue names: ${invalid.join(
        ', ',
      )}`,
    );
  }
  if (queues.length === 0) {
    throw new InputError(
      `Annotation ${RABBITMQ_QUEUES_ANNOTATION} is set but names no queue`,
    );
  }
  return queues;
}

/**
 * Checks the organisation's catalog conventions so that mistakes show up as
 * processing errors on the entity instead of as gaps in the portal:
 * every Domain has a tier (1–3) and a colony, and queue annotations parse.
 */
export class CatalogConventionsProcessor implements CatalogProcessor {
  getProcessorName() {
    return 'CatalogConventionsProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') === 'domain') {
      const tier = entity.spec?.tier;
      if (typeof tier !== 'number' || ![1, 2, 3].includes(tier)) {
        throw new InputError(
          `Domain ${
            entity.metadata.name
          } must have spec.tier set to 1, 2 or 3, got ${JSON.stringify(tier)}`,
        );
      }
      const colony = entity.spec?.colony;
      if (typeof colony !== 'string' || colony.trim() === '') {
        throw new InputError(
          `Domain ${entity.metadata.name} must have spec.colony set to the name of its colony group`,
        );
      }
    }
    const queues = entity.metadata.annotations?.[RABBITMQ_QUEUES_ANNOTATION];
    if (queues !== undefined) {
      checkQueueAnnotation(queues);
    }
    return entity;
  }
}

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'portal-conventions',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new CatalogConventionsProcessor());
      },
    });
  },
});
