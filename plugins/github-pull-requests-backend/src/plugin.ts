import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { githubPullRequestsPermissions } from '@internal/backstage-plugin-github-pull-requests-common';
import { createRouter } from './router';
import { PullRequestService } from './services/PullRequestService';

/**
 * The open pull requests of the GitHub repositories of a group's components
 * (their `github.com/project-slug` annotations), by review state.
 *
 * @public
 */
export const githubPullRequestsPlugin = createBackendPlugin({
  pluginId: 'github-pull-requests',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(githubPullRequestsPermissions);
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            pullRequests: PullRequestService.create(deps),
          }),
        );
      },
    });
  },
});
