import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { StitchRepair } from './StitchRepair';

/**
 * Every minute, on one instance at a time, re-processes catalog entities
 * that a killed backend left processed but never stitched.
 */
export const catalogModuleStitchRepair = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'stitch-repair',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
      },
      async init({ database, scheduler, logger }) {
        const repair = StitchRepair.create({
          knex: await database.getClient(),
          logger,
        });
        await scheduler.scheduleTask({
          id: 'catalog-stitch-repair',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: async () => {
            await repair.run();
          },
        });
      },
    });
  },
});
