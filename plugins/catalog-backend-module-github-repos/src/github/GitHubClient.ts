import { LoggerService } from '@backstage/backend-plugin-api';

/** A repository as the ingestion reads it, one GraphQL page at a time. */
export type GitHubRepository = {
  name: string;
  nameWithOwner: string;
  description: string | null;
  url: string;
  isArchived: boolean;
  pushedAt: string | null;
  primaryLanguage: { name: string } | null;
  repositoryTopics: { nodes: Array<{ topic: { name: string } }> };
  defaultBranchRef: { name: string } | null;
  repositoryCustomPropertyValues?: {
    nodes: Array<{ propertyName: string; value: string | string[] | null }>;
  } | null;
  catalogInfo: { id: string } | null;
  codeowners: { text: string | null } | null;
  githubCodeowners: { text: string | null } | null;
};

export type RepositoryPage = {
  repositories: GitHubRepository[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
};

const REPOSITORIES_QUERY = `
query OrganisationRepositories($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    repositories(first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        nameWithOwner
        description
        url
        isArchived
        pushedAt
        primaryLanguage { name }
        repositoryTopics(first: 20) { nodes { topic { name } } }
        defaultBranchRef { name }
        repositoryCustomPropertyValues(first: 20) { nodes { propertyName value } }
        catalogInfo: object(expression: "HEAD:catalog-info.yaml") { ... on Blob { id } }
        codeowners: object(expression: "HEAD:CODEOWNERS") { ... on Blob { text } }
        githubCodeowners: object(expression: "HEAD:.github/CODEOWNERS") { ... on Blob { text } }
      }
    }
  }
}`;

/** GitHub said to wait: the rate limit is spent until `resetAt`. */
export class RateLimitedError extends Error {
  constructor(message: string, readonly resetAt: Date) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** Worth retrying: 5xx, network errors, truncated bodies. */
class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

export type GitHubClientOptions = {
  /** The GraphQL endpoint, e.g. https://api.github.com/graphql. */
  graphqlUrl: string;
  token?: string;
  logger: LoggerService;
  /** Transient failures (5xx, network) retried before giving up. */
  retries?: number;
  /** Longest wait for a rate-limit reset; longer waits fail the burst. */
  maxRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

const sleepFor = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

function resetFrom(headers: Headers): Date {
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  const retryAfter = Number(headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    return new Date(Date.now() + retryAfter * 1000);
  }
  return new Date(Date.now() + 60_000);
}

/**
 * Reads an organisation's repositories through GitHub's GraphQL API, a page
 * of up to 100 with everything the catalog needs (topics, language, custom
 * properties, CODEOWNERS, whether catalog-info.yaml exists) in one request.
 * It waits for the rate limit to reset instead of failing, and retries
 * transient errors with backoff.
 */
export class GitHubClient {
  private readonly retries: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GitHubClientOptions) {
    this.retries = options.retries ?? 4;
    this.maxWaitMs = options.maxRateLimitWaitMs ?? 3600_000;
    this.sleep = options.sleep ?? sleepFor;
  }

  async repositories(
    org: string,
    first: number,
    after?: string,
  ): Promise<RepositoryPage> {
    const data = await this.query<{
      organization: {
        repositories: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: GitHubRepository[];
        };
      } | null;
    }>(REPOSITORIES_QUERY, { org, first, after: after ?? null });
    if (!data.organization) {
      throw new Error(`GitHub organisation '${org}' not found`);
    }
    const { repositories } = data.organization;
    return {
      repositories: repositories.nodes,
      endCursor: repositories.pageInfo.endCursor,
      hasNextPage: repositories.pageInfo.hasNextPage,
      totalCount: repositories.totalCount,
    };
  }

  async query<T>(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt<T>(query, variables);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          const waitMs = error.resetAt.getTime() - Date.now() + 1000;
          if (waitMs > this.maxWaitMs) throw error;
          this.options.logger.warn(
            `GitHub rate limit spent; waiting ${Math.ceil(
              waitMs / 1000,
            )} s until ${error.resetAt.toISOString()}`,
          );
          await this.sleep(Math.max(0, waitMs));
          attempt = -1;
          continue;
        }
        if (!(error instanceof TransientError) || attempt >= this.retries) {
          throw error;
        }
        const delay = Math.min(30_000, 500 * 2 ** attempt);
        this.options.logger.warn(
          `GitHub request failed (${error.message}); retry ${attempt + 1} of ${
            this.retries
          } in ${delay} ms`,
        );
        await this.sleep(delay);
      }
    }
  }

  private async attempt<T>(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.options.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/vnd.github+json',
          ...(this.options.token
            ? { authorization: `bearer ${this.options.token}` }
            : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new TransientError(`network: ${error}`);
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (
      (response.status === 403 || response.status === 429) &&
      (remaining === '0' || response.headers.has('retry-after'))
    ) {
      throw new RateLimitedError(
        `GitHub rate limit exceeded (HTTP ${response.status})`,
        resetFrom(response.headers),
      );
    }
    if (response.status >= 500) {
      throw new TransientError(`HTTP ${response.status}`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `GitHub GraphQL request failed: HTTP ${response.status} ${text.slice(
          0,
          300,
        )}`,
      );
    }
    let body: { data?: T; errors?: Array<{ type?: string; message: string }> };
    try {
      body = JSON.parse(text);
    } catch {
      throw new TransientError('unreadable response body');
    }
    if (body.errors?.some(e => e.type === 'RATE_LIMITED')) {
      throw new RateLimitedError(
        'GitHub GraphQL rate limit exceeded',
        resetFrom(response.headers),
      );
    }
    if (body.errors?.length && !body.data) {
      throw new Error(
        `GitHub GraphQL errors: ${body.errors.map(e => e.message).join('; ')}`,
      );
    }
    return body.data as T;
  }
}
