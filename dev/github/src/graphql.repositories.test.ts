import { graphql as octokitGraphql } from '@octokit/graphql';
import { LocalGitHub } from './index';
import { RepoPage, useGraphqlGitHub } from './__testUtils__/clients';

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

/** The organisation's repositories: cursor paging with Blob and custom property fields, filters and order, Backstage's entity provider query and node ids. */
describe('GraphQL API, through @octokit/graphql', () => {
  let github: LocalGitHub;
  let gql: typeof octokitGraphql;

  useGraphqlGitHub(started => ({ github, gql } = started));

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
