import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { queueRegistryPermissions } from '@internal/backstage-plugin-queue-registry-common';
import { QueueClaimProcessor } from './QueueClaimProcessor';
import { QueueRegistryStore } from './QueueRegistryStore';
import { createQueueRegistryRouter } from './router';

/**
 * The queue registry: Components claim the queues they declare as the
 * catalog processes them, first claim wins; its routes are under
 * `/api/catalog/queue-registry`.
 */
export const catalogModuleQueueRegistry = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'queue-registry',
  register(reg) {
    reg.registerInit({
      deps: {
        auditor: coreServices.auditor,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        processing: catalogProcessingExtensionPoint,
      },
      async init(deps) {
        const { logger } = deps;
        const store = await QueueRegistryStore.create({
          database: deps.database,
        });
        deps.processing.addProcessor(new QueueClaimProcessor(store));
        deps.permissionsRegistry.addPermissions(queueRegistryPermissions);
        deps.httpRouter.use(
          createQueueRegistryRouter({
            store,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
        await deps.scheduler.scheduleTask({
          id: 'catalog-queue-registry-sweep',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const swept = await store.sweep();
            if (swept.released.length > 0 || swept.clearedConflicts > 0) {
              logger.info(
                `Queue registry: released ${
                  swept.released.length
                } claims of components that no longer declare them (${swept.released
                  .slice(0, 10)
                  .map(r => `${r.queue} by ${r.entityRef}`)
                  .join(', ')}); cleared ${swept.clearedConflicts} conflicts`,
              );
            }
          },
        });
      },
    });
  },
});
