import { createBackendModule } from '@backstage/backend-plugin-api';
import { githubOrgEntityProviderTransformsExtensionPoint } from '@backstage/plugin-catalog-backend-module-github-org';
import {
  conventionTeamTransformer,
  conventionUserTransformer,
} from './conventions';

/**
 * Sets the organisation's team and user transformers on the github-org
 * entity provider (`@backstage/plugin-catalog-backend-module-github-org`),
 * which must be installed too.
 */
export const catalogModuleGithubOrgConventions = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-org-conventions',
  register(env) {
    env.registerInit({
      deps: { transforms: githubOrgEntityProviderTransformsExtensionPoint },
      async init({ transforms }) {
        transforms.setTeamTransformer(conventionTeamTransformer);
        transforms.setUserTransformer(conventionUserTransformer);
      },
    });
  },
});
