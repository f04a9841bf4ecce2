import { execFile } from 'child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { Octokit } from '@octokit/rest';
import {
  GithubUrlReader,
  UrlReaders,
} from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { LocalGitHub, startGitHubServer } from './index';

/*
 * Backstage's real `publish:github` action against the local GitHub: it
 * creates the repository through REST, pushes the workspace with
 * isomorphic-git over smart HTTP, then protects the branch; the catalog's
 * GithubUrlReader then reads what was pushed.
 */

const TOKEN = 'publish-token';
const run = promisify(execFile);

const FILES: Record<string, string> = {
  'catalog-info.yaml': [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: ledger-reports',
    '  annotations:',
    '    backstage.io/techdocs-ref: dir:.',
    'spec:',
    '  type: service',
    '  lifecycle: experimental',
    '  owner: squad-aura',
    '',
  ].join('\n'),
  'mkdocs.yml': 'site_name: ledger-reports\nnav:\n  - Home: index.md\n',
  'docs/index.md': '# Ledger reports\n\nHow the reports are built.\n',
  'README.md': '# ledger-reports\n',
};

const logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child() {
    return this;
  },
};

describe('publish:github against the local GitHub', () => {
  let github: LocalGitHub;
  let octokit: Octokit;
  let scratch: string;
  let action: ReturnType<typeof createPublishGithubAction>;
  let config: ConfigReader;

  async function workspace(name: string, files = FILES): Promise<string> {
    const dir = join(scratch, name);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  async function publish(workspacePath: string, input: Record<string, any>) {
    const outputs: Record<string, unknown> = {};
    const ctx = {
      logger,
      workspacePath,
      input,
      task: { id: 'task-1' },
      checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      createTemporaryDirectory: () => mkdtemp(join(scratch, 'tmp-')),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'none' },
      }),
    };
    await action.handler(
      ctx as unknown as Parameters<typeof action.handler>[0],
    );
    return outputs;
  }

  function inputFor(name: string) {
    return {
      repoUrl: `${github.host}?owner=meridian&repo=${name}`,
      description: 'Monthly ledger reports',
      defaultBranch: 'main',
      repoVisibility: 'internal',
      protectDefaultBranch: true,
      requireCodeOwnerReviews: true,
      requiredApprovingReviewCount: 1,
      topics: ['ledger', 'Reports'],
      collaborators: [{ team: 'squad-aura', access: 'push' }],
    };
  }

  /** git with no user or system configuration, never prompting. */
  function git(args: string[], cwd?: string) {
    return run('git', args, {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: scratch,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
      },
    });
  }

  const basic = (user: string, password: string) =>
    `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString(
      'base64',
    )}`;

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 20, seed: 3, token: TOKEN });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: TOKEN });
    config = new ConfigReader({
      integrations: {
        github: [
          { host: github.host, apiBaseUrl: github.apiBaseUrl, token: TOKEN },
        ],
      },
    });
    const integrations = ScmIntegrations.fromConfig(config);
    action = createPublishGithubAction({
      integrations,
      config,
      githubCredentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    });
  });

  afterAll(() => github.close());

  beforeEach(async () => {
    github.control.reset();
    scratch = await mkdtemp(join(tmpdir(), 'dev-github-publish-'));
  });

  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('creates, pushes and protects a repository the catalog can read', async () => {
    const outputs = await publish(
      await workspace('ws'),
      inputFor('ledger-reports'),
    );
    expect(outputs.remoteUrl).toBe(`${github.url}/meridian/ledger-reports.git`);
    expect(outputs.repoContentsUrl).toBe(
      `${github.url}/meridian/ledger-reports/blob/main`,
    );

    const { data: repo } = await octokit.repos.get({
      owner: 'meridian',
      repo: 'ledger-reports',
    });
    expect(repo).toMatchObject({
      full_name: 'meridian/ledger-reports',
      visibility: 'internal',
      private: true,
      description: 'Monthly ledger reports',
      default_branch: 'main',
      topics: ['ledger', 'reports'],
      html_url: `${github.url}/meridian/ledger-reports`,
      clone_url: `${github.url}/meridian/ledger-reports.git`,
    });

    const { data: branch } = await octokit.repos.getBranch({
      owner: 'meridian',
      repo: 'ledger-reports',
      branch: 'main',
    });
    expect(branch.commit.sha).toBe(outputs.commitHash);
    expect(branch.protected).toBe(true);
    expect(branch.commit.parents).toEqual([]);

    const { data: protection } = await octokit.repos.getBranchProtection({
      owner: 'meridian',
      repo: 'ledger-reports',
      branch: 'main',
    });
    expect(protection.required_pull_request_reviews).toMatchObject({
      required_approving_review_count: 1,
      require_code_owner_reviews: true,
    });

    const { data: teams } = await octokit.repos.listTeams({
      owner: 'meridian',
      repo: 'ledger-reports',
    });
    expect(teams.map(t => [t.slug, t.permission])).toEqual([
      ['squad-aura', 'push'],
    ]);
    const check = await octokit.teams.checkPermissionsForRepoInOrg({
      org: 'meridian',
      team_slug: 'squad-aura',
      owner: 'meridian',
      repo: 'ledger-reports',
    });
    expect(check.status).toBe(204);

    // Contents: raw, base64 and a directory, with blob SHAs as ETags.
    const raw = await fetch(
      `${github.url}/repos/meridian/ledger-reports/contents/catalog-info.yaml?ref=main`,
      {
        headers: {
          authorization: `token ${TOKEN}`,
          accept: 'application/vnd.github.v3.raw',
        },
      },
    );
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe(FILES['catalog-info.yaml']);
    const again = await fetch(raw.url, {
      headers: {
        authorization: `token ${TOKEN}`,
        accept: 'application/vnd.github.v3.raw',
        'if-none-match': raw.headers.get('etag')!,
      },
    });
    expect(again.status).toBe(304);
    const { data: doc } = await octokit.repos.getContent({
      owner: 'meridian',
      repo: 'ledger-reports',
      path: 'docs/index.md',
    });
    expect(
      Buffer.from((doc as { content: string }).content, 'base64').toString(),
    ).toBe(FILES['docs/index.md']);
    const { data: root } = await octokit.repos.getContent({
      owner: 'meridian',
      repo: 'ledger-reports',
      path: '',
    });
    expect(
      (root as Array<{ path: string; type: string }>).map(e => [
        e.path,
        e.type,
      ]),
    ).toEqual([
      ['README.md', 'file'],
      ['catalog-info.yaml', 'file'],
      ['docs', 'dir'],
      ['mkdocs.yml', 'file'],
    ]);

    // What the catalog and TechDocs do: Backstage's own GithubUrlReader.
    const reader = UrlReaders.create({
      config,
      logger,
      factories: [GithubUrlReader.factory],
    });
    const read = await reader.readUrl(
      `${github.url}/meridian/ledger-reports/blob/main/catalog-info.yaml`,
    );
    expect((await read.buffer()).toString()).toBe(FILES['catalog-info.yaml']);
    for (const url of [
      `${github.url}/meridian/ledger-reports`,
      `${github.url}/meridian/ledger-reports/tree/main/`,
    ]) {
      const tree = await reader.readTree(url);
      expect(tree.etag).toBe(outputs.commitHash);
      const files = await tree.files();
      const byPath = Object.fromEntries(
        await Promise.all(
          files.map(async f => [f.path, (await f.content()).toString()]),
        ),
      );
      expect(byPath).toEqual(FILES);
    }

    // GraphQL, as the incremental provider and tech insights read it.
    const graphql = await octokit.graphql<any>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          isEmpty
          visibility
          defaultBranchRef { name target { oid } branchProtectionRule { requiredApprovingReviewCount requiresCodeOwnerReviews } }
          catalog: object(expression: "HEAD:catalog-info.yaml") { ... on Blob { text } }
          docs: object(expression: "main:docs") { ... on Tree { entries { name } } }
        }
        organization(login: $owner) { repositories(first: 100) { totalCount nodes { name } } }
      }`,
      { owner: 'meridian', name: 'ledger-reports' },
    );
    expect(graphql.repository).toEqual({
      isEmpty: false,
      visibility: 'INTERNAL',
      defaultBranchRef: {
        name: 'main',
        target: { oid: outputs.commitHash },
        branchProtectionRule: {
          requiredApprovingReviewCount: 1,
          requiresCodeOwnerReviews: true,
        },
      },
      catalog: { text: FILES['catalog-info.yaml'] },
      docs: { entries: [{ name: 'index.md' }] },
    });
    expect(graphql.organization.repositories.totalCount).toBe(21);
    expect(
      graphql.organization.repositories.nodes.map((n: any) => n.name),
    ).toContain('ledger-reports');
    const { data: listed } = await octokit.repos.listForOrg({
      org: 'meridian',
      sort: 'pushed',
      per_page: 1,
    });
    expect(listed[0].name).toBe('ledger-reports');

    const info = github.control.createdRepo('ledger-reports');
    expect(info).toMatchObject({
      visibility: 'internal',
      branches: { main: outputs.commitHash },
      files: ['README.md', 'catalog-info.yaml', 'docs/index.md', 'mkdocs.yml'],
      teams: { 'squad-aura': 'push' },
      protected: true,
    });
    expect(info.pushes).toHaveLength(1);
    const stats = github.control.stats();
    expect(stats.repos).toEqual({ created: 1, deleted: 0, pushes: 1 });
    expect(stats.byRoute['POST /orgs/{org}/repos']).toBe(1);
    expect(stats.byRoute['POST /{owner}/{repo}.git/git-receive-pack']).toBe(1);
  }, 60_000);

  it('refuses a second repository of the same name with GitHub 422', async () => {
    await publish(await workspace('first'), inputFor('ledger-reports'));
    await expect(
      publish(await workspace('second'), inputFor('ledger-reports')),
    ).rejects.toThrow(/name already exists on this account/);

    const res = await fetch(`${github.url}/orgs/meridian/repos`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}` },
      body: JSON.stringify({ name: 'LEDGER-reports' }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      message: 'Repository creation failed.',
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
      documentation_url:
        'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
      status: '422',
    });
    // Generated repositories' names are taken too.
    const { data: generated } = await octokit.repos.listForOrg({
      org: 'meridian',
      per_page: 1,
    });
    await expect(
      octokit.repos.createInOrg({ org: 'meridian', name: generated[0].name }),
    ).rejects.toMatchObject({ status: 422 });
    expect(github.control.stats().repos.created).toBe(1);
  }, 60_000);

  it('publishes nothing for input it rejects', async () => {
    await expect(
      publish(await workspace('ws'), {
        ...inputFor('ledger-reports'),
        repoUrl: 'github.example.com?owner=meridian&repo=ledger-reports',
      }),
    ).rejects.toThrow();
    const stats = github.control.stats();
    expect(stats.repos.created).toBe(0);
    expect(stats.byRoute['POST /orgs/{org}/repos']).toBeUndefined();
    expect(github.control.createdRepos()).toEqual([]);
  });

  it('serves created repositories over git: clone, push, and refuses bad tokens', async () => {
    const outputs = await publish(
      await workspace('ws'),
      inputFor('ledger-reports'),
    );
    const url = `${github.url}/meridian/ledger-reports.git`;
    const auth = ['-c', `http.extraHeader=${basic('x-access-token', TOKEN)}`];

    await git([...auth, 'clone', '--quiet', url, join(scratch, 'clone')]);
    const clone = join(scratch, 'clone');
    expect(await readFile(join(clone, 'docs/index.md'), 'utf8')).toBe(
      FILES['docs/index.md'],
    );
    const { stdout: head } = await git(['rev-parse', 'HEAD'], clone);
    expect(head.trim()).toBe(outputs.commitHash);

    // A second commit reaches the API as soon as the push returns.
    await writeFile(join(clone, 'docs/usage.md'), '# Usage\n');
    await git(['add', '.'], clone);
    await git(
      [
        '-c',
        'user.name=Ada Lovelace',
        '-c',
        'user.email=ada@meridian.example',
        'commit',
        '--quiet',
        '-m',
        'Add usage docs',
      ],
      clone,
    );
    await git([...auth, 'push', '--quiet', 'origin', 'main'], clone);
    const { stdout: pushed } = await git(['rev-parse', 'HEAD'], clone);
    const { data: commit } = await octokit.repos.getCommit({
      owner: 'meridian',
      repo: 'ledger-reports',
      ref: 'main',
    });
    expect(commit.sha).toBe(pushed.trim());
    expect(commit.commit.message).toBe('Add usage docs');
    expect(commit.commit.author).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@meridian.example',
    });
    expect(commit.parents.map(p => p.sha)).toEqual([outputs.commitHash]);
    const usage = await octokit.repos.getContent({
      owner: 'meridian',
      repo: 'ledger-reports',
      path: 'docs/usage.md',
      mediaType: { format: 'raw' },
    });
    expect(usage.data).toBe('# Usage\n');
    expect(github.control.pushes('ledger-reports')).toHaveLength(2);

    // A wrong token cannot push, and nothing moves.
    await writeFile(join(clone, 'docs/evil.md'), 'no\n');
    await git(['add', '.'], clone);
    await git(
      ['-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'x'],
      clone,
    );
    await expect(
      git(
        [
          '-c',
          `http.extraHeader=${basic('x-access-token', 'wrong')}`,
          'push',
          '--quiet',
          'origin',
          'main',
        ],
        clone,
      ),
    ).rejects.toThrow(/401|could not read Username|Authentication failed/);
    const refs = await fetch(`${url}/info/refs?service=git-receive-pack`);
    expect(refs.status).toBe(401);
    expect(refs.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(github.control.createdRepo('ledger-reports').branches.main).toBe(
      pushed.trim(),
    );

    // Only created repositories are git repositories here.
    await expect(
      git([...auth, 'ls-remote', `${github.url}/meridian/nothing-here.git`]),
    ).rejects.toThrow(/not found|404/i);
  }, 60_000);

  it('removes created repositories on reset', async () => {
    await octokit.repos.createInOrg({
      org: 'meridian',
      name: 'scratch-pad',
      visibility: 'private',
      auto_init: true,
    });
    const { data: readme } = await octokit.repos.getContent({
      owner: 'meridian',
      repo: 'scratch-pad',
      path: 'README.md',
    });
    expect(readme).toMatchObject({ type: 'file', path: 'README.md' });
    github.control.reset();
    await expect(
      octokit.repos.get({ owner: 'meridian', repo: 'scratch-pad' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(github.control.createdRepos()).toEqual([]);
  });
});
