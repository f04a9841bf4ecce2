import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import type { PullRequestReviewDecision } from '@internal/backstage-plugin-github-pull-requests-common';

/** `owner/name` of a repository, as a component's project slug names it. */
export type RepositorySlug = { owner: string; name: string };

/** A pull request as the GraphQL query below reads it. */
export type GitHubPullRequestNode = {
  number: number;
  title: string;
  url: string;
  isDraft: boolean;
  createdAt: string;
  updatedAt: string;
  author: { login: string; url: string; avatarUrl: string } | null;
  labels: { nodes: Array<{ name: string; color: string } | null> } | null;
  reviewDecision: PullRequestReviewDecision | null;
  reviews: {
    totalCount: number;
    nodes: Array<{
      state: GitHubReviewState;
      submittedAt: string | null;
      author: { login: string } | null;
    } | null>;
  } | null;
};

export type GitHubReviewState =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'COMMENTED'
  | 'DISMISSED'
  | 'PENDING';

/** What GitHub said about one repository. */
export type RepositoryPullRequests =
  | {
      slug: RepositorySlug;
      found: true;
      nameWithOwner: string;
      url: string;
      /** Open pull requests in all (`pullRequests` holds at most PULL_REQUESTS_PER_REPOSITORY). */
      totalCount: number;
      pullRequests: GitHubPullRequestNode[];
    }
  | {
      slug: RepositorySlug;
      found: false;
      /** GitHub's words, e.g. "Could not resolve to a Repository with the name 'o/r'." */
      reason: string;
    };

/** GitHub's rate limit (primary or secondary) is spent until `resetAt`. */
export class GitHubRateLimitedError extends CustomErrorBase {
  name = 'GitHubRateLimitedError' as const;
  constructor(message: string, readonly resetAt: Date) {
    super(message);
  }
}

/** GitHub did not answer usefully (5xx after retries, network, refusals). */
export class GitHubUnavailableError extends CustomErrorBase {
  name = 'GitHubUnavailableError' as const;
  /** The router's error handler answers with this status (Bad Gateway). */
  readonly statusCode = 502;
}

/** Worth another try: 5xx, network errors, unreadable bodies. */
class TransientError extends Error {}

/** The most recently updated open pull requests read per repository. */
export const PULL_REQUESTS_PER_REPOSITORY = 50;
/** Reviews read per pull request (the latest ones). */
const REVIEWS_PER_PULL_REQUEST = 30;
const LABELS_PER_PULL_REQUEST = 10;

/**
 * One aliased `repository(owner, name)` per repository, sharing a fragment.
 *
 * Why not the search API (`is:pr is:open repo:a/b repo:c/d ...`), which
 * would take a single request: GitHub limits a search query to 256
 * characters (a handful of `repo:` qualifiers), and the whole search fails
 * with 422 when any one repository does not exist (a component still naming
 * a deleted or renamed repository would blank the card). Aliased
 * `repository` fields fail one by one (null plus a NOT_FOUND error for that
 * alias) and ~25 fit comfortably in one request: cost about 25 points
 * (25 x (1 + 50 labels + 50 reviews connections) / 100), far below the
 * 500,000 node limit.
 */
const FRAGMENT = `
fragment openPullRequests on Repository {
  nameWithOwner
  url
  pullRequests(states: [OPEN], first: ${PULL_REQUESTS_PER_REPOSITORY}, orderBy: { field: UPDATED_AT, direction: DESC }) {
    totalCount
    nodes {
      number
      title
      url
      isDraft
      createdAt
      updatedAt
      author { login url avatarUrl }
      labels(first: ${LABELS_PER_PULL_REQUEST}) { nodes { name color } }
      reviewDecision
      reviews(last: ${REVIEWS_PER_PULL_REQUEST}) { totalCount nodes { state submittedAt author { login } } }
    }
  }
}`;

export function buildQuery(count: number): string {
  const variables: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    variables.push(`$o${i}: String!`, `$n${i}: String!`);
    fields.push(
      `  r${i}: repository(owner: $o${i}, name: $n${i}) { ...openPullRequests }`,
    );
  }
  return `query GroupPullRequests(${variables.join(', ')}) {\n${fields.join(
    '\n',
  )}\n}\n${FRAGMENT}`;
}

type GraphQLError = {
  type?: string;
  message: string;
  path?: Array<string | number>;
};

type RepositoryData = {
  nameWithOwner: string;
  url: string;
  pullRequests: {
    totalCount: number;
    nodes: Array<GitHubPullRequestNode | null>;
  };
} | null;

export type GitHubPullRequestClientOptions = {
  /** e.g. https://api.github.com/graphql */
  graphqlUrl: string;
  logger: LoggerService;
  /** Repositories per GraphQL request (default 25). */
  batchSize?: number;
  /** Requests in flight at once for one group (default 2). */
  concurrency?: number;
  /** Waits before the retries of a 5xx or network failure (default 200 and 600 ms: two retries). */
  retryDelaysMs?: number[];
  /** Per request (default 10 s, GitHub's own limit for a GraphQL query). */
  timeoutMs?: number;
};

const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

function resetFrom(headers: Headers): Date {
  const retryAfter = Number(headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    return new Date(Date.now() + retryAfter * 1000);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  return new Date(Date.now() + 60_000);
}

/**
 * Reads the open pull requests of many repositories through GitHub's
 * GraphQL API in few requests (see FRAGMENT for why not search). It never
 * waits for a rate limit: a card must not hang a page view until GitHub
 * resets, so a spent limit is reported at once with its reset time.
 */
export class GitHubPullRequestClient {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;

  constructor(private readonly options: GitHubPullRequestClientOptions) {
    this.batchSize = options.batchSize ?? 25;
    this.concurrency = options.concurrency ?? 2;
    this.retryDelaysMs = options.retryDelaysMs ?? [200, 600];
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get graphqlUrl(): string {
    return this.options.graphqlUrl;
  }

  /** The repositories' open pull requests, in the order asked. */
  async openPullRequests(
    repositories: RepositorySlug[],
    token: string,
  ): Promise<RepositoryPullRequests[]> {
    const batches: RepositorySlug[][] = [];
    for (let i = 0; i < repositories.length; i += this.batchSize) {
      batches.push(repositories.slice(i, i + this.batchSize));
    }
    const results: RepositoryPullRequests[][] = new Array(batches.length);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const index = next++;
        results[index] = await this.batch(batches[index], token);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, batches.length) }, () =>
        worker(),
      ),
    );
    return results.flat();
  }

  private async batch(
    repositories: RepositorySlug[],
    token: string,
  ): Promise<RepositoryPullRequests[]> {
    const variables: Record<string, string> = {};
    repositories.forEach((repo, i) => {
      variables[`o${i}`] = repo.owner;
      variables[`n${i}`] = repo.name;
    });
    const { data, errors } = await this.query(
      buildQuery(repositories.length),
      variables,
      token,
    );
    return repositories.map((slug, i): RepositoryPullRequests => {
      const repo = data[`r${i}`] as RepositoryData | undefined;
      if (!repo) {
        const why = errors.filter(e => e.path?.[0] === `r${i}`);
        return {
          slug,
          found: false,
          reason:
            why.map(e => e.message).join('; ') ||
            `GitHub returned no repository ${slug.owner}/${slug.name}`,
        };
      }
      return {
        slug,
        found: true,
        nameWithOwner: repo.nameWithOwner,
        url: repo.url,
        totalCount: repo.pullRequests.totalCount,
        pullRequests: repo.pullRequests.nodes.filter(
          (n): n is GitHubPullRequestNode => Boolean(n),
        ),
      };
    });
  }

  private async query(
    query: string,
    variables: Record<string, string>,
    token: string,
  ): Promise<{ data: Record<string, unknown>; errors: GraphQLError[] }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(query, variables, token);
      } catch (error) {
        if (
          !(error instanceof TransientError) ||
          attempt >= this.retryDelaysMs.length
        ) {
          if (error instanceof TransientError) {
            throw new GitHubUnavailableError(
              `GitHub did not answer at ${this.options.graphqlUrl} (${
                error.message
              }, ${attempt + 1} attempts)`,
            );
          }
          throw error;
        }
        const delay = this.retryDelaysMs[attempt];
        this.options.logger.warn(
          `GitHub GraphQL request failed (${error.message}); retry ${
            attempt + 1
          } of ${this.retryDelaysMs.length} in ${delay} ms`,
        );
        await sleep(delay);
      }
    }
  }

  private async attempt(
    query: string,
    variables: Record<string, string>,
    token: string,
  ): Promise<{ data: Record<string, unknown>; errors: GraphQLError[] }> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.options.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/vnd.github+json',
          authorization: `bearer ${token}`,
        },
        body: JSON.stringify({
          query,
          variables,
          operationName: 'GroupPullRequests',
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new TransientError(
        `network: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const { status, headers } = response;
    if (
      (status === 403 || status === 429) &&
      (headers.get('x-ratelimit-remaining') === '0' ||
        headers.has('retry-after'))
    ) {
      throw new GitHubRateLimitedError(
        `GitHub rate limit exceeded (HTTP ${status})`,
        resetFrom(headers),
      );
    }
    if (status >= 500) {
      throw new TransientError(`HTTP ${status}`);
    }
    let body: {
      data?: Record<string, unknown> | null;
      errors?: GraphQLError[];
    };
    try {
      body = JSON.parse(text);
    } catch {
      if (!response.ok) {
        throw new GitHubUnavailableError(
          `GitHub refused the request: HTTP ${status} ${text.slice(0, 200)}`,
        );
      }
      throw new TransientError('unreadable response body');
    }
    if (!response.ok) {
      const message =
        (body as { message?: string }).message ?? text.slice(0, 200);
      throw new GitHubUnavailableError(
        status === 401
          ? `GitHub refused the configured credentials (HTTP 401: ${message})`
          : `GitHub refused the request (HTTP ${status}: ${message})`,
      );
    }
    const errors = body.errors ?? [];
    if (errors.some(e => e.type === 'RATE_LIMITED')) {
      throw new GitHubRateLimitedError(
        'GitHub GraphQL rate limit exceeded',
        resetFrom(headers),
      );
    }
    if (!body.data) {
      throw new GitHubUnavailableError(
        `GitHub GraphQL errors: ${
          errors.map(e => e.message).join('; ') || 'no data'
        }`,
      );
    }
    const unexpected = errors.filter(
      e => !(e.type === 'NOT_FOUND' && e.path?.length === 1),
    );
    if (unexpected.length > 0) {
      this.options.logger.warn(
        `GitHub GraphQL answered with errors: ${unexpected
          .map(e => `${e.path?.join('.') ?? ''} ${e.type ?? ''} ${e.message}`)
          .join('; ')}`,
      );
    }
    return { data: body.data, errors };
  }
}
