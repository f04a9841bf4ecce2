import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { amqpEnvironmentsServiceRef } from '@internal/amqp-node';
import { ArchiveService } from './archive/ArchiveService';
import { readReconstitutionConfig } from './config';
import { createRouter } from './router';
import { EventArchiveStore } from './database/EventArchiveStore';

/**
 * Republishes archived integration events to one receiving service.
 *
 * This part archives the configured environments' integration events and
 * serves what the archive holds (producers, dry runs); jobs follow.
 *
 * @public
 */
export const reconstitutionPlugin = createBackendPlugin({
  pluginId: 'reconstitution',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        amqp: amqpEnvironmentsServiceRef,
      },
      async init(deps) {
        const { config, database, lifecycle, logger, amqp } = deps;
        const settings = readReconstitutionConfig(config);
        const store = await EventArchiveStore.create({ database });
        const archive = ArchiveService.create({
          sources: settings.environments.flatMap(environment => {
            const broker = amqp.get(environment.name);
            if (!broker) {
              logger.warn(
                `Events of '${environment.name}' are not archived: amqp.environments.${environment.name}.url is not configured`,
              );
              return [];
            }
            return [{ ...environment, environment: broker }];
          }),
          store,
          convention: settings.convention,
          logger,
        });
        // Archiving does not wait for the broker: it connects in the
        // background and starts consuming once the queue is set up.
        lifecycle.addStartupHook(() => archive.start());
        lifecycle.addShutdownHook(() => archive.stop());

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            archive,
            environments: settings.environments.map(e => e.name),
          }),
        );
      },
    });
  },
});
