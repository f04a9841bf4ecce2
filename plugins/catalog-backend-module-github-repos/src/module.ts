import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { incrementalIngestionProvidersExtensionPoint } from '@backstage/plugin-catalog-backend-module-incremental-ingestion';
import { readProviderConfigs } from './config';
import { GitHubReposEntityProvider } from './provider/GitHubReposEntityProvider';

/**
 * Ingests every repository of the configured GitHub organisations into the
 * catalog with incremental entity providers
 * (`catalog.providers.githubRepos.<id>`). Needs
 * `@backstage/plugin-catalog-backend-module-incremental-ingestion` installed.
 */
export const catalogModuleGithubRepos = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-repos',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        incremental: incrementalIngestionProvidersExtensionPoint,
      },
      async init({ config, logger, incremental }) {
        const integrations = ScmIntegrations.fromConfig(config);
        for (const provider of readProviderConfigs(config)) {
          incremental.addProvider({
            provider: GitHubReposEntityProvider.fromConfig({
              config: provider,
              integrations,
              logger: logger.child({ provider: provider.id }),
            }),
            options: {
              ...provider.schedule,
              rejectRemovalsAbovePercentage:
                provider.rejectRemovalsAbovePercentage,
              rejectEmptySourceCollections:
                provider.rejectEmptySourceCollections,
            },
          });
        }
      },
    });
  },
});
