import type {
  GithubPullRequestsApi,
  GroupName,
  GroupPullRequest,
  GroupPullRequestsOk,
  GroupPullRequestsResponse,
} from '../api';

// Tests import the backend's errors with the fake.
export { backendError } from '@internal/backstage-plugin-portal-react/testing';

const HOUR = 3600_000;

/** A pull request with sensible defaults. */
export function makePullRequest(
  overrides: Partial<GroupPullRequest> & { number: number },
): GroupPullRequest {
  const repository = overrides.repository ?? 'meridian/payments-api';
  return {
    repository,
    repositoryUrl: `https://github.com/${repository}`,
    title: `Pull request ${overrides.number}`,
    url: `https://github.com/${repository}/pull/${overrides.number}`,
    author: {
      login: 'jane-doe',
      url: 'https://github.com/jane-doe',
      avatarUrl: 'https://avatars.githubusercontent.com/u/1?v=4',
    },
    labels: [],
    isDraft: false,
    createdAt: new Date(Date.now() - 72 * HOUR).toISOString(),
    updatedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    reviewDecision: null,
    reviewCount: 0,
    componentRef: 'component:default/payments-api',
    ...overrides,
  };
}

/** An `ok` answer with these pull requests. */
export function okResponse(
  overrides: Partial<GroupPullRequestsOk> = {},
): GroupPullRequestsOk {
  return {
    status: 'ok',
    generatedAt: new Date().toISOString(),
    repositories: 3,
    groups: { reviewRequired: [], reviewInProgress: [], approved: [] },
    ...overrides,
  };
}

/** Answers what it is given and records what was asked. */
export class FakeGithubPullRequestsApi implements GithubPullRequestsApi {
  readonly requests: GroupName[] = [];
  private answers: Array<GroupPullRequestsResponse | Error>;

  /** Answers in turn; the last one again and again. */
  constructor(...answers: Array<GroupPullRequestsResponse | Error>) {
    this.answers = answers.length ? answers : [okResponse()];
  }

  async getGroupPullRequests(
    group: GroupName,
  ): Promise<GroupPullRequestsResponse> {
    this.requests.push(group);
    const answer =
      this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
