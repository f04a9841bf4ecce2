import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { deadLetterPermissions } from '@internal/backstage-plugin-dead-letter-common';
import { amqpEnvironmentsServiceRef } from '@internal/amqp-node';
import { createRouter } from './router';
import { readDeadLetterConfig } from './config';
import { DeadLetterStore } from './database/DeadLetterStore';
import { QueueOwnerIndex } from './services/QueueOwnerIndex';
import { CaptureService } from './capture/CaptureService';
import { ReplayWorker } from './replay/ReplayWorker';
import { deadLetterMessageResourceRef, deadLetterRules } from './permissions';

/**
 * Captures dead-lettered RabbitMQ messages into the database and serves them
 * to the portal.
 *
 * @public
 */
export const deadLetterPlugin = createBackendPlugin({
  pluginId: 'dead-letter',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        amqp: amqpEnvironmentsServiceRef,
      },
      async init(deps) {
        const { config, logger, amqp, scheduler, lifecycle } = deps;
        const settings = readDeadLetterConfig(config);
        const store = await DeadLetterStore.create({ database: deps.database });
        const owners = QueueOwnerIndex.create(deps);

        const queues = settings.environments.flatMap(environment => {
          const broker = amqp.get(environment.name);
          if (!broker) {
            logger.warn(
              `Dead letters of '${environment.name}' are not captured: amqp.environments.${environment.name}.url is not configured`,
            );
            return [];
          }
          return environment.queues.map(queue => ({
            environment: broker,
            queue,
            prefetch: environment.prefetch,
            batchSize: environment.batchSize,
            flushIntervalMs: 50,
          }));
        });
        const capture = CaptureService.create({
          queues,
          store,
          owners,
          logger,
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: deadLetterMessageResourceRef,
          permissions: deadLetterPermissions,
          rules: Object.values(deadLetterRules),
          getResources: async ids => {
            const found = await store.resources(ids);
            return ids.map(id => found.find(r => r.id === id.toLowerCase()));
          },
        });

        await scheduler.scheduleTask({
          id: 'dead-letter-owner-refresh',
          frequency: { minutes: settings.ownerRefreshMinutes },
          timeout: { minutes: 5 },
          // Every instance keeps its own in-memory index.
          scope: 'local',
          fn: async () => {
            const changed = await owners.refresh();
            if (changed) {
              const updated = await store.assignOwners(
                owners.entries().map(([sourceQueue, owner]) => ({
                  sourceQueue,
                  componentRef: owner.componentRef,
                  ownerRef: owner.ownerRef,
                })),
              );
              logger.info(
                `Queue owners reloaded from the catalog; ${updated} stored dead letters re-assigned`,
              );
            }
          },
        });

        // Capturing does not wait for the broker: environments connect (and
        // reconnect) in the background and consumers resume when they can.
        lifecycle.addStartupHook(() => capture.start());
        lifecycle.addShutdownHook(() => capture.stop());

        const replays = new ReplayWorker({
          store,
          amqp,
          logger,
          environments: settings.environments.map(e => e.name),
          maxReplayCount: settings.maxReplayCount,
        });
        lifecycle.addStartupHook(() => replays.start());
        lifecycle.addShutdownHook(() => replays.stop());

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            capture,
            amqp,
            environments: settings.environments.map(e => e.name),
          }),
        );
      },
    });
  },
});
