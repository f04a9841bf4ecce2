import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type {
  EntityIteratorResult,
  IncrementalEntityProvider,
} from '@backstage/plugin-catalog-backend-module-incremental-ingestion';
import type { GitHubReposProviderConfig } from '../config';
import { GitHubClient } from '../github/GitHubClient';
import { repositoryEntity } from './entities';

/**
 * `after`: where the next page starts. `from`: where the page that came with
 * this cursor started (null: the first page), so that page can be read again.
 */
export type GitHubReposCursor = { after: string; from?: string | null };
export type GitHubReposContext = { client: GitHubClient; resumed?: boolean };

/** GitHub's GraphQL endpoint for an integration's REST base URL. */
export function graphqlUrlFor(apiBaseUrl: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  // GitHub Enterprise Server: https://HOST/api/v3 → https://HOST/api/graphql
  if (base.endsWith('/api/v3')) return `${base.slice(0, -2)}graphql`;
  return `${base}/graphql`;
}

/**
 * Streams an organisation's repositories into the catalog a page at a time:
 * each burst reads pages of up to 100 repositories and hands them over as
 * Components (or as the repository's own catalog-info.yaml location). The
 * incremental ingestion engine keeps the cursor, so a restart continues
 * where it stopped, and removes what a full cycle did not see.
 */
export class GitHubReposEntityProvider
  implements IncrementalEntityProvider<GitHubReposCursor, GitHubReposContext>
{
  static fromConfig(options: {
    config: GitHubReposProviderConfig;
    integrations: ScmIntegrations;
    logger: LoggerService;
  }) {
    const integration = options.integrations.github.byHost(options.config.host);
    if (!integration) {
      throw new Error(
        `catalog.providers.githubRepos.${options.config.id}: no integrations.github entry for host '${options.config.host}'`,
      );
    }
    return new GitHubReposEntityProvider(
      options.config,
      graphqlUrlFor(integration.config.apiBaseUrl ?? 'https://api.github.com'),
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations),
      options.logger,
    );
  }

  private constructor(
    private readonly config: GitHubReposProviderConfig,
    private readonly graphqlUrl: string,
    private readonly credentials: DefaultGithubCredentialsProvider,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return `github-repos-${this.config.id}`;
  }

  async around(
    burst: (context: GitHubReposContext) => Promise<void>,
  ): Promise<void> {
    // Credentials per burst: GitHub App installation tokens expire.
    const { token } = await this.credentials.getCredentials({
      url: `https://${this.config.host}/${this.config.organization}`,
    });
    await burst({
      client: new GitHubClient({
        graphqlUrl: this.graphqlUrl,
        token,
        logger: this.logger,
      }),
      resumed: false,
    });
  }

  async next(
    context: GitHubReposContext,
    cursor?: GitHubReposCursor,
  ): Promise<EntityIteratorResult<GitHubReposCursor>> {
    // The ingestion engine stores a page's cursor before its entities, so a
    // process killed in between would skip that page until the next cycle.
    // The first call of a burst that resumes from a stored cursor therefore
    // reads the page that cursor ended once more, then the next one, so
    // every call still makes progress. Entities are upserted: it costs one
    // page per burst.
    const reread = !!cursor && !context.resumed && cursor.from !== undefined;
    context.resumed = true;
    let entities: EntityIteratorResult<GitHubReposCursor>['entities'] = [];
    let after = cursor?.after;
    if (reread) {
      const again = await this.readPage(context, cursor!.from ?? undefined);
      entities = again.entities;
      if (!again.endCursor) return { done: true, entities };
      after = again.endCursor;
    }
    const page = await this.readPage(context, after);
    entities = entities.concat(page.entities);
    if (page.endCursor) {
      return {
        done: false,
        entities,
        cursor: { after: page.endCursor, from: after ?? null },
      };
    }
    return { done: true, entities };
  }

  /** A page of the organisation's repositories; endCursor only when more follow. */
  private async readPage(context: GitHubReposContext, after?: string) {
    const page = await context.client.repositories(
      this.config.organization,
      this.config.pageSize,
      after,
    );
    const name = this.getProviderName();
    return {
      entities: page.repositories.map(repo => ({
        entity: repositoryEntity(repo, this.config, name),
        locationKey: name,
      })),
      endCursor: page.hasNextPage ? page.endCursor ?? undefined : undefined,
    };
  }
}
