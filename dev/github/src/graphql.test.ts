import {
  graphql as octokitGraphql,
  GraphqlResponseError,
} from '@octokit/graphql';
import { Store } from './data/store';
import { LocalGitHub, startGitHubServer } from './index';

const TOKEN = 'dev-token';

type RepoPage = {
  organization: {
    repositories: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        name: string;
        nameWithOwner: string;
        isArchived: boolean;
        defaultBranchRef: { name: string } | null;
        primaryLanguage: { name: string } | null;
        repositoryTopics: { nodes: Array<{ topic: { name: string } }> };
        repositoryCustomPropertyValues: {
          nodes: Array<{ propertyName: string; value: string }>;
        };
        catalog: {
          __typename: string;
          text?: string;
          byteSize?: number;
          oid?: string;
        } | null;
        codeowners: { text: string } | null;
        root: {
          entries: Array<{ name: string; type: string; path: string }>;
        } | null;
        branchProtectionRules: { nodes: Array<{ pattern: string }> };
        pullRequests: { totalCount: number };
      }>;
    };
  };
};

const REPOS_QUERY = `
  query Repos($org: String!, $after: String) {
    organization(login: $org) {
      repositories(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          name nameWithOwner isArchived
          defaultBranchRef { name }
          primaryLanguage { name }
          repositoryTopics(first: 20) { nodes { topic { name } } }
          repositoryCustomPropertyValues(first: 10) { nodes { propertyName value } }
          catalog: object(expression: "HEAD:catalog-info.yaml") { __typename ... on Blob { text byteSize oid } }
          codeowners: object(expression: "HEAD:.github/CODEOWNERS") { ... on Blob { text } }
          root: object(expression: "HEAD:") { ... on Tree { entries { name type path } } }
          branchProtectionRules(first: 5) { nodes { pattern } }
          pullRequests(states: [OPEN], first: 1) { totalCount }
        }
      }
    }
  }`;

const failure = (query: Promise<unknown>) =>
  query.then(
    () => {
      throw new Error('expected the query to fail');
    },
    (e: GraphqlResponseError<unknown>) => e,
  );

describe('GraphQL API, through @octokit/graphql', () => {
  let github: LocalGitHub;
  let gql: typeof octokitGraphql;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 250, seed: 3, token: TOKEN });
    gql = octokitGraphql.defaults({
      baseUrl: github.apiBaseUrl,
      headers: { authorization: `bearer ${TOKEN}` },
    });
  });

  afterAll(() => github.close());

  beforeEach(() => github.control.reset());

  it('pages organization repositories with cursors, with Blob and custom property fields', async () => {
    const repos: RepoPage['organization']['repositories']['nodes'] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: RepoPage = await gql<RepoPage>(REPOS_QUERY, {
        org: 'meridian',
        after,
      });
      const conn = page.organization.repositories;
      expect(conn.totalCount).toBe(250);
      pages++;
      repos.push(...conn.nodes);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      // Opaque, base64, like GitHub's.
      expect(after).toMatch(/^[A-Za-z0-9+/=]+$/);
    }
    expect(pages).toBe(3);
    expect(new Set(repos.map(r => r.name)).size).toBe(250);
    for (const r of repos) {
      expect(r.nameWithOwner).toBe(`meridian/${r.name}`);
      expect(r.root!.entries.length).toBeGreaterThan(0);
    }

    const catalogs = repos.filter(r => r.catalog);
    for (const r of catalogs) {
      expect(r.catalog!.__typename).toBe('Blob');
      expect(r.catalog!.text).toContain(`name: ${r.name}`);
      expect(r.catalog!.byteSize).toBe(Buffer.byteLength(r.catalog!.text!));
      expect(r.catalog!.oid).toMatch(/^[0-9a-f]{40}$/);
    }
    const codeowners = repos
      .filter(r => r.codeowners)
      .map(r => r.codeowners!.text);
    for (const text of codeowners) {
      expect(text).toMatch(/^\* @meridian\/squad-[a-z]+$/m);
    }
    const squads = repos.flatMap(r =>
      r.repositoryCustomPropertyValues.nodes.filter(
        n => n.propertyName === 'squad',
      ),
    );
    for (const squad of squads) expect(squad.value).toMatch(/^squad-[a-z]+$/);
    const protectedRepos = repos.filter(
      r => r.branchProtectionRules.nodes.length > 0,
    );
    for (const r of protectedRepos) {
      expect(r.branchProtectionRules.nodes[0].pattern).toBe(
        r.defaultBranchRef!.name,
      );
    }

    const withCatalog = catalogs.length;
    const withCodeowners = codeowners.length;
    const withProperty = squads.length;
    expect(withCatalog).toBeGreaterThan(8);
    expect(withCatalog).toBeLessThan(50);
    expect(withProperty / 250).toBeGreaterThan(0.65);
    expect(withCodeowners / 250).toBeGreaterThan(0.55);
    expect(withCodeowners / 250).toBeLessThan(0.85);
  });

  it('keeps cursors valid when an earlier repository is deleted', async () => {
    const first = await gql<RepoPage>(
      `query { organization(login: "meridian") { repositories(first: 10) { totalCount pageInfo { endCursor hasNextPage } nodes { name } } } }`,
    );
    const conn = first.organization.repositories;
    github.control.deleteRepos([conn.nodes[3].name]);
    const next = await gql<RepoPage>(
      `query($after: String) { organization(login: "meridian") { repositories(first: 5, after: $after) { totalCount nodes { name } } } }`,
      { after: conn.pageInfo.endCursor },
    );
    expect(next.organization.repositories.totalCount).toBe(249);
    const all = await gql<RepoPage>(
      `query { organization(login: "meridian") { repositories(first: 15) { nodes { name } } } }`,
    );
    const expected = all.organization.repositories.nodes
      .slice(9, 14)
      .map(n => n.name);
    expect(next.organization.repositories.nodes.map(n => n.name)).toEqual(
      expected,
    );
  });

  it('filters isArchived and orders by NAME', async () => {
    const res = await gql<{
      organization: {
        active: { totalCount: number };
        archived: { totalCount: number; nodes: Array<{ isArchived: boolean }> };
        byName: { nodes: Array<{ name: string }> };
      };
    }>(`query {
      organization(login: "meridian") {
        active: repositories(first: 1, isArchived: false) { totalCount }
        archived: repositories(first: 100, isArchived: true) { totalCount nodes { isArchived } }
        byName: repositories(first: 50, orderBy: { field: NAME, direction: ASC }) { nodes { name } }
      }
    }`);
    const o = res.organization;
    expect(o.active.totalCount + o.archived.totalCount).toBe(250);
    expect(o.archived.nodes.every(n => n.isArchived)).toBe(true);
    const names = o.byName.nodes.map(n => n.name);
    expect(names).toEqual([...names].sort());
  });

  it('computes reviewDecision as GitHub does, and finds pull requests through search', async () => {
    const repos = await gql<RepoPage>(
      `query { organization(login: "meridian") { repositories(first: 1, isArchived: false) { nodes { name } } } }`,
    );
    const repo = repos.organization.repositories.nodes[0].name;
    const [author, alice, bob] = github.control.squadMembers('squad-aura');
    github.control.setBranchProtection(repo, {
      requiredApprovingReviewCount: 1,
    });
    const { number } = github.control.addPullRequest(repo, {
      title: 'Add ledger reconciliation',
      author,
      labels: ['enhancement'],
      requestedReviewers: [alice, bob],
    });

    const decision = async () => {
      const res = await gql<{
        search: {
          issueCount: number;
          nodes: Array<{
            number: number;
            title: string;
            reviewDecision: string | null;
            isDraft: boolean;
            author: { login: string };
            labels: { nodes: Array<{ name: string }> };
            repository: { nameWithOwner: string };
            reviewRequests: { totalCount: number };
            reviews: {
              totalCount: number;
              nodes: Array<{ state: string; author: { login: string } }>;
            };
          }>;
        };
      }>(
        `query($q: String!) {
          search(query: $q, type: ISSUE, first: 20) {
            issueCount
            pageInfo { hasNextPage endCursor }
            nodes {
              ... on PullRequest {
                number title reviewDecision isDraft
                author { login url avatarUrl }
                labels(first: 10) { nodes { name color } }
                repository { nameWithOwner url }
                reviewRequests(first: 10) { totalCount }
                reviews(first: 20) { totalCount nodes { state author { login } } }
                headRefName baseRefName createdAt updatedAt url id
              }
            }
          }
        }`,
        { q: `repo:meridian/${repo} is:pr is:open author:${author}` },
      );
      const pr = res.search.nodes.find(n => n.number === number)!;
      expect(pr.repository.nameWithOwner).toBe(`meridian/${repo}`);
      expect(pr.labels.nodes.map(l => l.name)).toEqual(['enhancement']);
      return pr;
    };

    let pr = await decision();
    expect(pr.reviewDecision).toBe('REVIEW_REQUIRED');
    expect(pr.reviewRequests.totalCount).toBe(2);

    github.control.addReview(repo, number, {
      author: alice,
      state: 'COMMENTED',
    });
    expect((await decision()).reviewDecision).toBe('REVIEW_REQUIRED');

    github.control.addReview(repo, number, {
      author: alice,
      state: 'CHANGES_REQUESTED',
    });
    pr = await decision();
    expect(pr.reviewDecision).toBe('CHANGES_REQUESTED');
    expect(pr.reviewRequests.totalCount).toBe(1);

    github.control.addReview(repo, number, { author: bob, state: 'APPROVED' });
    expect((await decision()).reviewDecision).toBe('CHANGES_REQUESTED');

    github.control.addReview(repo, number, {
      author: alice,
      state: 'APPROVED',
    });
    pr = await decision();
    expect(pr.reviewDecision).toBe('APPROVED');
    expect(pr.reviews.totalCount).toBe(4);

    // Without required reviews GitHub reports no decision at all.
    github.control.setBranchProtection(repo, null);
    expect((await decision()).reviewDecision).toBeNull();

    github.control.closePullRequest(repo, number);
    const closed = await gql<{ search: { issueCount: number } }>(
      `query($q: String!) { search(query: $q, type: ISSUE, first: 5) { issueCount } }`,
      { q: `repo:meridian/${repo} is:pr is:open author:${author}` },
    );
    expect(closed.search.issueCount).toBe(0);
  });

  it('generates every review decision across the organisation', async () => {
    const res = await gql<{
      search: {
        issueCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: Array<{ reviewDecision: string | null; isDraft: boolean }>;
      };
    }>(
      `query { search(query: "org:meridian is:pr is:open", type: ISSUE, first: 100) {
        issueCount pageInfo { hasNextPage endCursor } nodes { ... on PullRequest { reviewDecision isDraft } } } }`,
    );
    expect(res.search.issueCount).toBeGreaterThan(100);
    const decisions = new Set(res.search.nodes.map(n => n.reviewDecision));
    expect(decisions).toEqual(
      new Set(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED', null]),
    );
    expect(res.search.nodes.some(n => n.isDraft)).toBe(true);
    expect(res.search.pageInfo.hasNextPage).toBe(true);
  });

  it('reports errors in GitHub shape', async () => {
    const missing = await failure(
      gql(`query { repository(owner: "meridian", name: "nope") { name } }`),
    );
    expect(missing).toBeInstanceOf(GraphqlResponseError);
    expect(missing.errors![0]).toEqual(
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['repository'],
        message:
          "Could not resolve to a Repository with the name 'meridian/nope'.",
        locations: [expect.objectContaining({ line: 1 })],
      }),
    );
    expect(missing.data).toEqual({ repository: null });

    const noBoundaries = await failure(
      gql(
        `query { organization(login: "meridian") { repositories { totalCount } } }`,
      ),
    );
    expect(noBoundaries.errors![0].type).toBe('MISSING_PAGINATION_BOUNDARIES');

    const tooMany = await failure(
      gql(
        `query { organization(login: "meridian") { repositories(first: 101) { totalCount } } }`,
      ),
    );
    expect(tooMany.errors![0].type).toBe('EXCESSIVE_PAGINATION');

    const unknownField = await failure(
      gql(`query { organization(login: "meridian") { foo } }`),
    );
    expect(unknownField.errors![0].message).toBe(
      "Field 'foo' doesn't exist on type 'Organization'",
    );
    expect(unknownField.errors![0].extensions!.code).toBe('undefinedField');

    const badCursor = await failure(
      gql(
        `query { organization(login: "meridian") { repositories(first: 1, after: "garbage") { totalCount } } }`,
      ),
    );
    expect(badCursor.errors![0].type).toBe('INVALID_CURSOR_ARGUMENTS');
  });

  it('charges points by GitHub cost rules and reports them in rateLimit', async () => {
    const res = await gql<{
      rateLimit: {
        cost: number;
        remaining: number;
        used: number;
        limit: number;
        nodeCount: number;
      };
    }>(
      `query {
        organization(login: "meridian") {
          repositories(first: 100) { nodes { pullRequests(first: 50) { nodes { labels(first: 10) { totalCount } } } } }
        }
        rateLimit { cost limit remaining used nodeCount resetAt }
      }`,
    );
    // 1 + 100 + 100*50 = 5101 requests -> 51 points.
    expect(res.rateLimit.cost).toBe(51);
    expect(res.rateLimit.nodeCount).toBe(100 + 5000 + 50000);
    expect(res.rateLimit.limit).toBe(5000);
    expect(res.rateLimit.used).toBe(51);
    expect(res.rateLimit.remaining).toBe(5000 - 51);
  });

  it("answers the query Backstage's GitHub entity provider sends", async () => {
    // The shape of @backstage/plugin-catalog-backend-module-github's discovery query.
    const query = `query repositories($org: String!, $catalogPathRef: String!, $cursor: String) {
      repositoryOwner(login: $org) {
        login
        repositories(first: 50, after: $cursor) {
          nodes {
            name
            catalogInfoFile: object(expression: $catalogPathRef) {
              __typename
              ... on Blob { id text }
            }
            url
            isArchived
            isFork
            visibility
            repositoryTopics(first: 100) { nodes { ... on RepositoryTopic { topic { name } } } }
            defaultBranchRef { name }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    let cursor: string | null = null;
    let seen = 0;
    let catalogFiles = 0;
    for (;;) {
      const res: {
        repositoryOwner: {
          login: string;
          repositories: {
            nodes: Array<{
              visibility: string;
              catalogInfoFile: { text: string } | null;
            }>;
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      } = await gql(query, {
        org: 'meridian',
        catalogPathRef: 'HEAD:catalog-info.yaml',
        cursor,
      });
      const repos = res.repositoryOwner.repositories;
      seen += repos.nodes.length;
      catalogFiles += repos.nodes.filter(n => n.catalogInfoFile?.text).length;
      expect(
        repos.nodes.every(n =>
          ['PRIVATE', 'INTERNAL', 'PUBLIC'].includes(n.visibility),
        ),
      ).toBe(true);
      if (!repos.pageInfo.hasNextPage) break;
      cursor = repos.pageInfo.endCursor;
    }
    expect(seen).toBe(250);
    expect(catalogFiles).toBeGreaterThan(8);
  });

  describe('statusCheckRollup', () => {
    type Rollup = { state: string; commit?: { oid: string } } | null;
    type HeadRepo = {
      name: string;
      ci: { oid: string } | null;
      defaultBranchRef: {
        target: { oid: string; statusCheckRollup: Rollup };
      };
    };
    const HEAD_QUERY = `
      query($after: String) {
        organization(login: "meridian") {
          repositories(first: 100, after: $after) {
            pageInfo { hasNextPage endCursor }
            nodes {
              name
              ci: object(expression: "HEAD:.github/workflows/ci.yml") { ... on Blob { oid } }
              defaultBranchRef { target { ... on Commit { oid statusCheckRollup { state commit { oid } } } } }
            }
          }
        }
      }`;

    async function allHeads(): Promise<HeadRepo[]> {
      const out: HeadRepo[] = [];
      let after: string | null = null;
      for (;;) {
        const page: {
          organization: {
            repositories: {
              pageInfo: { hasNextPage: boolean; endCursor: string };
              nodes: HeadRepo[];
            };
          };
        } = await gql(HEAD_QUERY, { after });
        out.push(...page.organization.repositories.nodes);
        if (!page.organization.repositories.pageInfo.hasNextPage) return out;
        after = page.organization.repositories.pageInfo.endCursor;
      }
    }

    async function rollup(repo: string): Promise<Rollup> {
      const res = await gql<{
        repository: {
          defaultBranchRef: { target: { statusCheckRollup: Rollup } };
        };
      }>(
        `query($name: String!) {
          repository(owner: "meridian", name: $name) {
            defaultBranchRef { target { ... on Commit { statusCheckRollup { state } } } }
          }
        }`,
        { name: repo },
      );
      return res.repository.defaultBranchRef.target.statusCheckRollup;
    }

    it('reports the generated state where a workflow file exists, null elsewhere', async () => {
      const repos = await allHeads();
      expect(repos).toHaveLength(250);
      const store = new Store({ seed: 3, org: 'meridian', repoCount: 250 });
      const generated = expect.stringMatching(/^(SUCCESS|FAILURE)$/);
      const rollups = repos.map(
        r => r.defaultBranchRef.target.statusCheckRollup,
      );
      expect(rollups).toEqual(
        repos.map(r =>
          r.ci
            ? {
                state: generated,
                commit: { oid: r.defaultBranchRef.target.oid },
              }
            : null,
        ),
      );
      // The same as a fresh store with the same seed computes.
      expect(rollups.map(x => x?.state ?? null)).toEqual(
        repos.map(r =>
          store.commitStatus(store.findIndex('meridian', r.name)!),
        ),
      );
      const states = repos.map(
        r => r.defaultBranchRef.target.statusCheckRollup?.state,
      );
      expect(states).toContain('SUCCESS');
      expect(states).toContain('FAILURE');
      expect(states).toContain(undefined);
    });

    it('follows the workflow file and the control override', async () => {
      const repos = await allHeads();
      const withCi = repos.find(r => r.ci)!.name;
      const withoutCi = repos.find(r => !r.ci)!.name;
      const generated = (await rollup(withCi))!.state;
      expect(await rollup(withoutCi)).toBeNull();

      // Removing the workflow file removes the status; adding one brings it.
      github.control.deleteFile(withCi, '.github/workflows/ci.yml');
      expect(await rollup(withCi)).toBeNull();
      github.control.putFile(
        withoutCi,
        '.github/workflows/build.yaml',
        'on: push\n',
      );
      expect((await rollup(withoutCi))!.state).toMatch(/^(SUCCESS|FAILURE)$/);
      github.control.reset();
      expect(await rollup(withCi)).toEqual({ state: generated });
      expect(await rollup(withoutCi)).toBeNull();

      // The override, through the method...
      const other = generated === 'SUCCESS' ? 'FAILURE' : 'SUCCESS';
      github.control.setCommitStatus(withCi, other);
      expect(await rollup(withCi)).toEqual({ state: other });
      github.control.setCommitStatus(withCi, 'PENDING');
      expect(await rollup(withCi)).toEqual({ state: 'PENDING' });
      github.control.setCommitStatus(withCi, null);
      expect(await rollup(withCi)).toBeNull();
      github.control.setCommitStatus(withoutCi, 'FAILURE');
      expect(await rollup(withoutCi)).toEqual({ state: 'FAILURE' });
      // ...kept across later commits...
      github.control.putFile(withoutCi, 'docs/notes.md', '# Notes\n');
      expect(await rollup(withoutCi)).toEqual({ state: 'FAILURE' });
      expect(() =>
        github.control.setCommitStatus(withCi, 'GREEN' as any),
      ).toThrow(RangeError);
      expect(() => github.control.setCommitStatus('nope-00001', null)).toThrow(
        /No repository/,
      );

      // ...and over HTTP.
      const put = (repo: string, body: unknown) =>
        fetch(`${github.url}/_control/repos/${repo}/status`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const ok = await put(withoutCi, { state: 'SUCCESS' });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true });
      expect(await rollup(withoutCi)).toEqual({ state: 'SUCCESS' });
      expect((await put(withCi, { state: 'failure' })).status).toBe(200);
      expect(await rollup(withCi)).toEqual({ state: 'FAILURE' });
      expect((await put(withCi, { state: null })).status).toBe(200);
      expect(await rollup(withCi)).toBeNull();
      expect((await put(withCi, { state: 'GREEN' })).status).toBe(422);
      expect((await put(withCi, {})).status).toBe(422);
      expect((await put('nope-00001', { state: null })).status).toBe(404);

      github.control.reset();
      expect(await rollup(withCi)).toEqual({ state: generated });
      expect(await rollup(withoutCi)).toBeNull();
    });

    it('gives other commits (pull request heads) no status', async () => {
      const repo = (await allHeads()).find(r => r.ci)!.name;
      const [author] = github.control.squadMembers('squad-aura');
      github.control.setCommitStatus(repo, 'SUCCESS');
      const { number } = github.control.addPullRequest(repo, {
        title: 'Head without status',
        author,
      });
      const head = await gql<{
        repository: { pullRequest: { headRefOid: string } };
      }>(
        `query($name: String!, $n: Int!) {
          repository(owner: "meridian", name: $name) { pullRequest(number: $n) { headRefOid } }
        }`,
        { name: repo, n: number },
      );
      const oid = head.repository.pullRequest.headRefOid;
      const res = await gql<{
        repository: {
          object: { oid: string; statusCheckRollup: Rollup };
        };
      }>(
        `query($name: String!, $oid: String!) {
          repository(owner: "meridian", name: $name) {
            object(expression: $oid) { ... on Commit { oid statusCheckRollup { state } } }
          }
        }`,
        { name: repo, oid },
      );
      expect(res.repository.object).toEqual({ oid, statusCheckRollup: null });
      expect(await rollup(repo)).toEqual({ state: 'SUCCESS' });
    });
  });

  it('resolves node ids from REST and GraphQL', async () => {
    const res = await gql<{ repository: { id: string; name: string } }>(
      `query { repository(owner: "meridian", name: "${await firstRepo()}") { id name } }`,
    );
    const nodes = await gql<{ nodes: Array<{ name: string } | null> }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Repository { name } } }`,
      { ids: [res.repository.id] },
    );
    expect(nodes.nodes[0]!.name).toBe(res.repository.name);
  });

  async function firstRepo(): Promise<string> {
    const page = await gql<RepoPage>(
      `query { organization(login: "meridian") { repositories(first: 1) { nodes { name } } } }`,
    );
    return page.organization.repositories.nodes[0].name;
  }
});

describe('generated CI states', () => {
  const states = (seed: number, count: number) => {
    const store = new Store({ seed, org: 'meridian', repoCount: count });
    return Array.from({ length: count }, (_, i) => store.commitStatus(i));
  };

  it('are a pure function of the seed, ~85% SUCCESS where CI exists', () => {
    const a = states(3, 300);
    expect(states(3, 300)).toEqual(a);
    expect(states(4, 300)).not.toEqual(a);
    const withCi = a.filter(s => s !== null);
    expect(withCi.length).toBeGreaterThanOrEqual(200);
    expect(new Set(withCi)).toEqual(new Set(['SUCCESS', 'FAILURE']));
    const success = withCi.filter(s => s === 'SUCCESS').length / withCi.length;
    expect(success).toBeGreaterThan(0.78);
    expect(success).toBeLessThan(0.92);
  });
});
