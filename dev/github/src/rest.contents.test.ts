import { createHash } from 'crypto';
import { Octokit } from '@octokit/rest';
import { LocalGitHub } from './index';
import { paginate, Repo, TOKEN, useRestGitHub } from './__testUtils__/clients';

/** What is in the repositories: contents, directories, the Git database, branch protection and CI status. */
describe('REST API, through @octokit/rest', () => {
  let github: LocalGitHub;
  let octokit: Octokit;

  useRestGitHub(started => ({ github, octokit } = started));

  async function findRepo(
    predicate: (files: string[]) => boolean,
  ): Promise<string> {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    for (const r of repos) {
      const tree = await octokit.git.getTree({
        owner: 'meridian',
        repo: r.name,
        tree_sha: r.default_branch!,
        recursive: '1',
      });
      if (predicate(tree.data.tree.map(e => e.path!))) return r.name;
    }
    throw new Error('no repository matches');
  }

  it('serves file contents as base64 JSON, raw, and 304 on a matching ETag', async () => {
    const repo = await findRepo(files => files.includes('catalog-info.yaml'));
    const json = await octokit.repos.getContent({
      owner: 'meridian',
      repo,
      path: 'catalog-info.yaml',
    });
    const file = json.data as {
      type: string;
      encoding: string;
      content: string;
      size: number;
      sha: string;
      name: string;
      path: string;
      download_url: string;
      html_url: string;
    };
    expect(file.type).toBe('file');
    expect(file.encoding).toBe('base64');
    expect(file.name).toBe('catalog-info.yaml');
    // GitHub wraps base64 at 60 characters.
    const lines = file.content.split('\n').filter(Boolean);
    expect(lines.slice(0, -1).every(l => l.length === 60)).toBe(true);
    const text = Buffer.from(file.content, 'base64').toString('utf8');
    expect(file.size).toBe(Buffer.byteLength(text));
    expect(text).toContain('kind: Component');
    expect(text).toContain(`name: ${repo}`);
    expect(text).toMatch(/owner: squad-[a-z]+/);
    expect(text).toMatch(/lifecycle: \w+/);

    const raw = await fetch(
      `${
        github.apiBaseUrl
      }/repos/meridian/${repo}/contents/catalog-info.yaml?ref=${
        file.html_url.split('/blob/')[1].split('/')[0]
      }`,
      {
        headers: {
          accept: 'application/vnd.github.v3.raw',
          authorization: `token ${TOKEN}`,
        },
      },
    );
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe(text);
    const etag = raw.headers.get('etag')!;
    expect(etag).toBe(`"${file.sha}"`);
    const before = Number(raw.headers.get('x-ratelimit-remaining'));

    const again = await fetch(
      `${github.apiBaseUrl}/repos/meridian/${repo}/contents/catalog-info.yaml`,
      {
        headers: {
          accept: 'application/vnd.github.v3.raw',
          authorization: `Bearer ${TOKEN}`,
          'if-none-match': etag,
        },
      },
    );
    expect(again.status).toBe(304);
    // A 304 is not charged.
    const rate = await octokit.rateLimit.get();
    expect(rate.data.resources.core.remaining).toBe(before);

    // download_url serves the same bytes (raw.githubusercontent.com style).
    const download = await fetch(file.download_url, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(await download.text()).toBe(text);

    await expect(
      octokit.repos.getContent({ owner: 'meridian', repo, path: 'nope.txt' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.repos.getContent({
        owner: 'meridian',
        repo,
        path: 'README.md',
        ref: 'no-such-branch',
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: {
        data: { message: 'No commit found for the ref no-such-branch' },
      },
    });
  });

  it('lists directories, including the root', async () => {
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0].name;
    const root = await octokit.repos.getContent({
      owner: 'meridian',
      repo,
      path: '',
    });
    expect(Array.isArray(root.data)).toBe(true);
    const entries = root.data as Array<{
      type: string;
      name: string;
      download_url: string | null;
    }>;
    expect(entries.some(e => e.type === 'dir')).toBe(true);
    expect(
      entries.filter(e => e.type === 'dir').every(e => e.download_url === null),
    ).toBe(true);
  });

  it('agrees between trees, blobs, commits and contents (real git SHAs)', async () => {
    const repo = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 1 })
    ).data[0];
    const commit = await octokit.repos.getCommit({
      owner: 'meridian',
      repo: repo.name,
      ref: repo.default_branch!,
    });
    expect(commit.data.sha).toMatch(/^[0-9a-f]{40}$/);
    const tree = await octokit.git.getTree({
      owner: 'meridian',
      repo: repo.name,
      tree_sha: commit.data.commit.tree.sha,
      recursive: '1',
    });
    const blobEntry = tree.data.tree.find(e => e.type === 'blob')!;
    const blob = await octokit.git.getBlob({
      owner: 'meridian',
      repo: repo.name,
      file_sha: blobEntry.sha!,
    });
    const content = await octokit.repos.getContent({
      owner: 'meridian',
      repo: repo.name,
      path: blobEntry.path!,
    });
    expect((content.data as { sha: string }).sha).toBe(blobEntry.sha);
    expect(blob.data.size).toBe(blobEntry.size);
    // git's own blob hash of the content
    const bytes = Buffer.from(blob.data.content, 'base64');
    expect(
      createHash('sha1')
        .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
        .digest('hex'),
    ).toBe(blobEntry.sha);
  });

  it('answers branch protection with 200, or 404 "Branch not protected"', async () => {
    const repos = await paginate<Repo>(octokit, 'GET /orgs/{org}/repos', {
      org: 'meridian',
      per_page: 100,
    });
    const sample = repos.slice(0, 60);
    const branches = await Promise.all(
      sample.map(r =>
        octokit.repos.getBranch({
          owner: 'meridian',
          repo: r.name,
          branch: r.default_branch!,
        }),
      ),
    );
    const isProtected = sample.filter((_, i) => branches[i].data.protected);
    const notProtected = sample.filter((_, i) => !branches[i].data.protected);
    for (const r of isProtected) {
      const p = await octokit.repos.getBranchProtection({
        owner: 'meridian',
        repo: r.name,
        branch: r.default_branch!,
      });
      expect(p.data.enforce_admins).toEqual(
        expect.objectContaining({ enabled: expect.any(Boolean) }),
      );
    }
    for (const r of notProtected) {
      await expect(
        octokit.repos.getBranchProtection({
          owner: 'meridian',
          repo: r.name,
          branch: r.default_branch!,
        }),
      ).rejects.toMatchObject({
        status: 404,
        response: { data: { message: 'Branch not protected' } },
      });
    }
    expect(isProtected.length).toBeGreaterThan(20);
    expect(isProtected.length).toBeLessThan(50);
    const unprotected = notProtected[0].name;
    github.control.setBranchProtection(unprotected, {
      requiredApprovingReviewCount: 2,
    });
    const branch = (
      await octokit.repos.get({ owner: 'meridian', repo: unprotected })
    ).data.default_branch;
    const p = await octokit.repos.getBranchProtection({
      owner: 'meridian',
      repo: unprotected,
      branch,
    });
    expect(
      p.data.required_pull_request_reviews?.required_approving_review_count,
    ).toBe(2);
  });

  it('answers the combined status of the default branch head', async () => {
    const repos = (
      await octokit.repos.listForOrg({ org: 'meridian', per_page: 40 })
    ).data;
    const hasCi = async (repo: string) =>
      (
        await octokit.repos
          .getContent({ owner: 'meridian', repo, path: '.github/workflows' })
          .catch(e => e)
      ).status === 200;
    const ci = await Promise.all(repos.map(r => hasCi(r.name)));
    const withCi = repos.filter((_, i) => ci[i]);
    const withoutCi = repos.find((_, i) => !ci[i])!;
    expect(withCi.length).toBeGreaterThan(20);
    expect(withoutCi).toBeDefined();

    const states = new Set<string>();
    for (const r of withCi) {
      const branch = r.default_branch!;
      const { data } = await octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: r.name,
        ref: branch,
      });
      states.add(data.state);
      expect(data.state).toMatch(/^(success|failure)$/);
      expect(data.total_count).toBe(1);
      expect(data.statuses).toEqual([
        expect.objectContaining({
          state: data.state,
          context: 'build',
          url: `${github.url}/repos/meridian/${r.name}/statuses/${data.sha}`,
        }),
      ]);
      expect(data.repository.full_name).toBe(`meridian/${r.name}`);
      expect(data.url).toBe(
        `${github.url}/repos/meridian/${r.name}/commits/${data.sha}/status`,
      );
      const head = await octokit.repos.getBranch({
        owner: 'meridian',
        repo: r.name,
        branch,
      });
      expect(data.sha).toBe(head.data.commit.sha);
      // By SHA, the same answer.
      const bySha = await octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: r.name,
        ref: data.sha,
      });
      expect(bySha.data).toEqual(data);
    }
    expect(states).toEqual(new Set(['success', 'failure']));

    // No workflow file: pending with no statuses, as GitHub answers.
    const none = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: withoutCi.default_branch!,
    });
    expect(none.data).toMatchObject({
      state: 'pending',
      total_count: 0,
      statuses: [],
    });

    github.control.setCommitStatus(withoutCi.name, 'FAILURE');
    const failed = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: 'HEAD',
    });
    expect(failed.data.state).toBe('failure');
    expect(failed.data.statuses.map(x => x.state)).toEqual(['failure']);
    github.control.setCommitStatus(withoutCi.name, 'PENDING');
    const pending = await octokit.repos.getCombinedStatusForRef({
      owner: 'meridian',
      repo: withoutCi.name,
      ref: 'HEAD',
    });
    expect(pending.data).toMatchObject({ state: 'pending', total_count: 1 });

    await expect(
      octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: withCi[0].name,
        ref: 'no-such-branch',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.repos.getCombinedStatusForRef({
        owner: 'meridian',
        repo: 'nope-00001',
        ref: 'main',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
