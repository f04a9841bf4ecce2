import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { amqpEnvironmentsServiceRef } from '@internal/amqp-node';
import { ArchiveService } from './archive/ArchiveService';
import { readReconstitutionConfig } from './config';
import { EventArchiveStore } from './database/EventArchiveStore';

/**
 * Republishes archived integration events to one receiving service.
 *
 * This part archives the configured environments' integration events;
 * jobs and the API follow.
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
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        amqp: amqpEnvironmentsServiceRef,
      },
      async init({ config, database, lifecycle, logger, amqp }) {
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
      },
    });
  },
});
