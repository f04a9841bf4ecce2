import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { EventArchiveStore } from './database/EventArchiveStore';

/**
 * Republishes archived integration events to one receiving service.
 *
 * This first part keeps the event archive's schema up to date; archiving
 * from the brokers, jobs and the API follow.
 *
 * @public
 */
export const reconstitutionPlugin = createBackendPlugin({
  pluginId: 'reconstitution',
  register(env) {
    env.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        await EventArchiveStore.create({ database });
      },
    });
  },
});
