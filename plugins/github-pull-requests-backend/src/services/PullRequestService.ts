import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  GroupPullRequest,
  GroupPullRequestsOk,
  GroupPullRequestsResponse,
} from '@internal/backstage-plugin-github-pull-requests-common';
import {
  GithubPullRequestsConfig,
  readGithubPullRequestsConfig,
} from '../config';
import {
  GitHubPullRequestClient,
  GitHubRateLimitedError,
  PULL_REQUESTS_PER_REPOSITORY,
  RepositoryPullRequests,
  RepositorySlug,
} from './GitHubPullRequestClient';
import { ResultCache } from './ResultCache';
import { byUpdatedDesc, emptyGroups, reviewGroupOf } from './grouping';

/** Groups whose results are kept at most (least recently asked dropped). */
const CACHED_GROUPS = 500;

// GitHub's rules for owners and repository names.
const SLUG = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** GitHub's GraphQL endpoint for an integration's REST base URL. */
export function graphqlUrlFor(apiBaseUrl: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  // GitHub Enterprise Server: https://HOST/api/v3 -> https://HOST/api/graphql
  if (base.endsWith('/api/v3')) return `${base.slice(0, -2)}graphql`;
  return `${base}/graphql`;
}

type GroupRef = { namespace: string; name: string };

type Repository = RepositorySlug & {
  /** Components naming it, sorted. */
  componentRefs: string[];
};

type GitHubAccess =
  | {
      configured: true;
      client: GitHubPullRequestClient;
      credentials: GithubCredentialsProvider;
    }
  | { configured: false; message: string };

/**
 * The open pull requests of the repositories of the components a group owns,
 * grouped by review state. Results are kept per group for `cacheSeconds`,
 * and concurrent requests for one group share one look-up.
 */
export class PullRequestService {
  static create(options: {
    config: Config;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }): PullRequestService {
    const settings = readGithubPullRequestsConfig(options.config);
    const integrations = ScmIntegrations.fromConfig(options.config);
    const integration = integrations.github.byHost(settings.host);
    let access: GitHubAccess;
    if (settings.organizations.length === 0) {
      access = {
        configured: false,
        message: `No GitHub organisation is configured for the pull requests card: set githubPullRequests.organizations (or catalog.providers.githubRepos.<id>.organization for ${settings.host}).`,
      };
    } else if (!integration) {
      access = {
        configured: false,
        message: `No GitHub integration is configured for ${settings.host} (integrations.github in app-config).`,
      };
    } else if (!integration.config.token && !integration.config.apps?.length) {
      access = {
        configured: false,
        message: `No GitHub token or GitHub App is configured for ${settings.host} (integrations.github[].token or apps in app-config).`,
      };
    } else {
      access = {
        configured: true,
        client: new GitHubPullRequestClient({
          graphqlUrl: graphqlUrlFor(
            integration.config.apiBaseUrl ?? 'https://api.github.com',
          ),
          logger: options.logger,
        }),
        credentials:
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      };
    }
    return new PullRequestService(
      settings,
      access,
      options.catalog,
      options.auth,
      options.logger,
    );
  }

  private readonly cache = new ResultCache<GroupPullRequestsResponse>({
    maxEntries: CACHED_GROUPS,
  });

  private constructor(
    private readonly settings: GithubPullRequestsConfig,
    private readonly access: GitHubAccess,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  async forGroup(group: GroupRef): Promise<GroupPullRequestsResponse> {
    const access = this.access;
    if (!access.configured) {
      return { status: 'not-configured', message: access.message };
    }
    // Entity refs compare case-insensitively.
    const groupRef = stringifyEntityRef({
      kind: 'group',
      ...group,
    }).toLowerCase();
    return this.cache.getOrLoad(groupRef, async () => {
      const cacheMs = this.settings.cacheSeconds * 1000;
      try {
        const value = await this.load(groupRef, access);
        return { value, ttlMs: cacheMs };
      } catch (error) {
        if (error instanceof GitHubRateLimitedError) {
          // Kept until the reset at most: asking earlier is refused anyway.
          return {
            value: {
              status: 'rate-limited',
              resetAt: error.resetAt.toISOString(),
              message: error.message,
            },
            ttlMs: Math.min(cacheMs, error.resetAt.getTime() - Date.now()),
          };
        }
        throw error;
      }
    });
  }

  private async load(
    groupRef: string,
    access: Extract<GitHubAccess, { configured: true }>,
  ): Promise<GroupPullRequestsResponse> {
    const generatedAt = new Date().toISOString();
    const named = await this.repositoriesOf(groupRef);
    // Only the portal's organisations: a component may name any repository
    // the integration's token can read, which is not the same thing.
    const { organizations } = this.settings;
    const refused: NonNullable<GroupPullRequestsOk['refusedRepositories']> = [];
    const all = named.filter(repo => {
      if (organizations.includes(repo.owner.toLowerCase())) return true;
      refused.push({
        repository: `${repo.owner}/${repo.name}`,
        reason: `${
          repo.owner
        } is not one of the organisations the portal serves (${organizations.join(
          ', ',
        )})`,
      });
      return false;
    });
    const repositories = all.slice(0, this.settings.maxRepositories);
    let truncated = all.length > repositories.length;
    if (repositories.length === 0) {
      return {
        status: 'ok',
        generatedAt,
        repositories: 0,
        groups: emptyGroups(),
        ...(refused.length > 0 ? { refusedRepositories: refused } : {}),
      };
    }

    // One token per owner: a GitHub App has one installation per
    // organisation. With a plain token every owner shares one token, so the
    // repositories still go in as few requests as possible.
    const byToken = new Map<string, Repository[]>();
    const unavailable: string[] = [];
    let tokenFound = false;
    const owners = [...new Set(repositories.map(r => r.owner.toLowerCase()))];
    const tokens = new Map<string, string | undefined>();
    for (const owner of owners) {
      try {
        const { token } = await access.credentials.getCredentials({
          url: `https://${this.settings.host}/${owner}`,
        });
        tokens.set(owner, token);
        if (token) tokenFound = true;
      } catch (error) {
        this.logger.warn(
          `No GitHub credentials for ${this.settings.host}/${owner}: ${error}`,
        );
        tokens.set(owner, undefined);
      }
    }
    if (!tokenFound) {
      return {
        status: 'not-configured',
        message: `No GitHub credentials for ${owners.join(', ')} on ${
          this.settings.host
        } (integrations.github[].token or a GitHub App installed there).`,
      };
    }
    for (const repo of repositories) {
      const token = tokens.get(repo.owner.toLowerCase());
      if (!token) {
        unavailable.push(`${repo.owner}/${repo.name}`);
        continue;
      }
      const list = byToken.get(token) ?? [];
      list.push(repo);
      byToken.set(token, list);
    }

    const results: Array<{ repo: Repository; result: RepositoryPullRequests }> =
      [];
    for (const [token, repos] of byToken) {
      const answers = await access.client.openPullRequests(repos, token);
      answers.forEach((result, i) => results.push({ repo: repos[i], result }));
    }

    const groups = emptyGroups();
    let found = 0;
    for (const { repo, result } of results) {
      if (!result.found) {
        this.logger.info(
          `${repo.owner}/${repo.name} (${repo.componentRefs.join(
            ', ',
          )}) is not on GitHub or not readable: ${result.reason}`,
        );
        unavailable.push(`${repo.owner}/${repo.name}`);
        continue;
      }
      found++;
      if (result.totalCount > PULL_REQUESTS_PER_REPOSITORY) truncated = true;
      for (const node of result.pullRequests) {
        const pr: GroupPullRequest = {
          repository: result.nameWithOwner,
          repositoryUrl: result.url,
          number: node.number,
          title: node.title,
          url: node.url,
          author: node.author
            ? {
                login: node.author.login,
                url: node.author.url,
                avatarUrl: node.author.avatarUrl,
              }
            : null,
          labels: (node.labels?.nodes ?? [])
            .filter((l): l is NonNullable<typeof l> => Boolean(l))
            .map(l => ({ name: l.name, color: l.color })),
          isDraft: node.isDraft,
          createdAt: node.createdAt,
          updatedAt: node.updatedAt,
          reviewDecision: node.reviewDecision ?? null,
          reviewCount: node.reviews?.totalCount ?? 0,
          componentRef: repo.componentRefs[0],
        };
        groups[reviewGroupOf(node)].push(pr);
      }
    }
    groups.reviewRequired.sort(byUpdatedDesc);
    groups.reviewInProgress.sort(byUpdatedDesc);
    groups.approved.sort(byUpdatedDesc);

    const response: GroupPullRequestsOk = {
      status: 'ok',
      generatedAt,
      repositories: found,
      groups,
    };
    if (truncated) response.truncated = true;
    if (unavailable.length > 0) response.unavailableRepositories = unavailable;
    if (refused.length > 0) response.refusedRepositories = refused;
    return response;
  }

  /**
   * The repositories named by the `github.com/project-slug` annotations of
   * the components the group owns, deduplicated (GitHub names are
   * case-insensitive), sorted.
   */
  private async repositoriesOf(groupRef: string): Promise<Repository[]> {
    const { name } = parseEntityRef(groupRef);
    // The ownedBy relation is what the catalog resolved; spec.owner covers
    // components not stitched yet (and catalogs without relations). Short
    // owner refs only mean this group in its own namespace, checked below.
    const ownerForms = [groupRef, `group:${name}`, name];
    const hasSlug = {
      kind: 'component',
      [`metadata.annotations.${GITHUB_PROJECT_SLUG_ANNOTATION}`]:
        CATALOG_FILTER_EXISTS,
    };
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { ...hasSlug, [`relations.${RELATION_OWNED_BY}`]: groupRef },
          { ...hasSlug, 'spec.owner': ownerForms },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
          'relations',
        ],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );

    const repositories = new Map<string, Repository>();
    for (const entity of items) {
      if (!isOwnedBy(entity, groupRef)) continue;
      const slug =
        entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]?.trim() ??
        '';
      const match = SLUG.exec(slug);
      const entityRef = stringifyEntityRef(entity);
      if (!match) {
        this.logger.debug(
          `${entityRef}: ${GITHUB_PROJECT_SLUG_ANNOTATION} '${slug}' is not owner/repo`,
        );
        continue;
      }
      const key = slug.toLowerCase();
      const repo = repositories.get(key) ?? {
        owner: match[1],
        name: match[2],
        componentRefs: [],
      };
      repo.componentRefs.push(entityRef);
      repositories.set(key, repo);
    }
    return [...repositories.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, repo]) => ({
        ...repo,
        componentRefs: repo.componentRefs.sort(),
      }));
  }
}

function isOwnedBy(entity: Entity, groupRef: string): boolean {
  if (
    entity.relations?.some(
      r =>
        r.type === RELATION_OWNED_BY && r.targetRef.toLowerCase() === groupRef,
    )
  ) {
    return true;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return false;
  try {
    return (
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
        }),
      ).toLowerCase() === groupRef
    );
  } catch {
    return false;
  }
}
