/*
 * Bench-only: the comparison for the incremental GitHub provider. A plain
 * entity provider that reads the whole organisation through the same GraphQL
 * query and entity mapping (the module's GitHubClient and repositoryEntity),
 * keeps every entity in memory and hands them to the catalog in one
 * `applyMutation({ type: 'full' })`, as full-mutation providers do. Never
 * part of the portal.
 */
import {
  coreServices,
  createBackendModule,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  GitHubReposProviderConfig,
  readProviderConfigs,
} from '../../plugins/catalog-backend-module-github-repos/src/config';
import { GitHubClient } from '../../plugins/catalog-backend-module-github-repos/src/github/GitHubClient';
import { graphqlUrlFor } from '../../plugins/catalog-backend-module-github-repos/src/provider/GitHubReposEntityProvider';
import { repositoryEntity } from '../../plugins/catalog-backend-module-github-repos/src/provider/entities';

/** Log lines the bench watches for (it reads the backend's log). */
export const FULL_MUTATION_LOG = {
  read: 'bench-full-mutation: read',
  applied: 'bench-full-mutation: applied',
  failed: 'bench-full-mutation: failed',
};

export class FullMutationGitHubReposProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly config: GitHubReposProviderConfig,
    private readonly integrations: ScmIntegrations,
    private readonly scheduler: SchedulerService,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return `github-repos-full-${this.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    // As such providers usually run: on a schedule, the first run at once.
    await this.scheduler.scheduleTask({
      id: this.getProviderName(),
      frequency: { hours: 6 },
      timeout: { hours: 6 },
      fn: () => this.run(),
    });
  }

  private async run() {
    const started = Date.now();
    try {
      const integration = this.integrations.github.byHost(this.config.host);
      if (!integration) {
        throw new Error(`no integrations.github entry for ${this.config.host}`);
      }
      const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
        this.integrations,
      ).getCredentials({
        url: `https://${this.config.host}/${this.config.organization}`,
      });
      const client = new GitHubClient({
        graphqlUrl: graphqlUrlFor(
          integration.config.apiBaseUrl ?? 'https://api.github.com',
        ),
        token,
        logger: this.logger,
      });
      const name = this.getProviderName();
      const entities: DeferredEntity[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await client.repositories(
          this.config.organization,
          this.config.pageSize,
          after,
        );
        for (const repo of page.repositories) {
          entities.push({
            entity: repositoryEntity(repo, this.config, name),
            locationKey: name,
          });
        }
        if (!page.hasNextPage || !page.endCursor) break;
        after = page.endCursor;
      }
      this.logger.info(
        `${FULL_MUTATION_LOG.read} ${entities.length} entities in ${
          Date.now() - started
        } ms; applying one full mutation`,
      );
      const applying = Date.now();
      await this.connection!.applyMutation({ type: 'full', entities });
      this.logger.info(
        `${FULL_MUTATION_LOG.applied} ${entities.length} entities in ${
          Date.now() - applying
        } ms`,
      );
    } catch (error) {
      this.logger.error(`${FULL_MUTATION_LOG.failed}: ${error}`);
      throw error;
    }
  }
}

/**
 * Reads `catalog.providers.githubRepos` as the real module does (install
 * either this or the real module, not both).
 */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-full-mutation-github-repos',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, catalog }) {
        const integrations = ScmIntegrations.fromConfig(config);
        for (const provider of readProviderConfigs(config)) {
          catalog.addEntityProvider(
            new FullMutationGitHubReposProvider(
              provider,
              integrations,
              scheduler,
              logger.child({ provider: `github-repos-full-${provider.id}` }),
            ),
          );
        }
      },
    });
  },
});
