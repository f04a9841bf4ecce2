import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { humioPermissions } from '@internal/backstage-plugin-humio-common';
import { createRouter } from './router';
import { LogsService } from './services/LogsService';

/**
 * The recent logs of catalog entities from Humio (Falcon LogScale), for the
 * "Logs" tab of components. Humio is only asked when someone opens the tab:
 * starting never depends on it.
 *
 * @public
 */
export const humioPlugin = createBackendPlugin({
  pluginId: 'humio',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(humioPermissions);
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            logs: LogsService.create(deps),
          }),
        );
      },
    });
  },
});
