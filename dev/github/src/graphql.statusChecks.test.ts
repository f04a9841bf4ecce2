import { graphql as octokitGraphql } from '@octokit/graphql';
import { Store } from './data/store';
import { LocalGitHub } from './index';
import { useGraphqlGitHub } from './__testUtils__/clients';

/** The default branch head's combined CI status. */
describe('GraphQL API, through @octokit/graphql', () => {
  let github: LocalGitHub;
  let gql: typeof octokitGraphql;

  useGraphqlGitHub(started => ({ github, gql } = started));

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
