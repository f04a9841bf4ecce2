import { ChildProcess, spawn } from 'child_process';
import { resolve as resolvePath } from 'path';

/*
 * 100,000 repositories, served by the standalone CLI in its own process so
 * that its heap is measured alone (with --expose-gc for stable numbers).
 * Asserts behaviour (every repository exactly once, bounded memory), and
 * prints the figures for benchmarks.
 */

const REPOS = 100_000;

interface Memory {
  heapUsed: number;
  rss: number;
  gcAvailable: boolean;
}

describe('100,000 repositories', () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        resolvePath(__dirname, 'cli.ts'),
        '--repos',
        String(REPOS),
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', chunk => {
        out += chunk;
        const line = out.split('\n').find(l => l.startsWith('http'));
        if (line) resolve(line.trim());
      });
      child.once('exit', code =>
        reject(new Error(`server exited with ${code}`)),
      );
      setTimeout(() => reject(new Error('server did not start')), 30_000);
    });
  }, 40_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const memory = async (): Promise<Memory> =>
    (await fetch(`${url}/_control/memory?gc=1`)).json();

  it('pages all of them through GraphQL in pages of 100 with a small, flat heap', async () => {
    const before = await memory();
    expect(before.gcAvailable).toBe(true);
    const query = `query($after: String) {
      organization(login: "meridian") {
        repositories(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes {
            name isArchived pushedAt
            defaultBranchRef { name }
            repositoryTopics(first: 10) { nodes { topic { name } } }
            repositoryCustomPropertyValues(first: 5) { nodes { propertyName value } }
            object(expression: "HEAD:catalog-info.yaml") { ... on Blob { text } }
          }
        }
      }
    }`;
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    let peakHeap = before.heapUsed;
    const started = Date.now();
    for (;;) {
      const res: Response = await fetch(`${url}/graphql`, {
        method: 'POST',
        body: JSON.stringify({ query, variables: { after } }),
      });
      const body = await res.json();
      expect(body.errors).toBeUndefined();
      const conn = body.data.organization.repositories;
      expect(conn.totalCount).toBe(REPOS);
      for (const n of conn.nodes) seen.add(n.name);
      pages++;
      if (pages % 250 === 0)
        peakHeap = Math.max(peakHeap, (await memory()).heapUsed);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const elapsed = Date.now() - started;
    const end = await memory();
    expect(pages).toBe(REPOS / 100);
    expect(seen.size).toBe(REPOS);
    const growthMb = (end.heapUsed - before.heapUsed) / 1e6;
    expect(growthMb).toBeLessThan(100);
    expect(peakHeap - before.heapUsed).toBeLessThan(150e6);
    // eslint-disable-next-line no-console
    console.log(
      `100k via GraphQL: ${pages} pages in ${elapsed} ms; server heap ${(
        before.heapUsed / 1e6
      ).toFixed(1)} MB -> ${(end.heapUsed / 1e6).toFixed(
        1,
      )} MB (peak sampled ${(peakHeap / 1e6).toFixed(1)} MB), rss ${(
        end.rss / 1e6
      ).toFixed(1)} MB`,
    );
  }, 240_000);

  it('serves the last REST page and its Link header', async () => {
    const res = await fetch(
      `${url}/orgs/meridian/repos?per_page=100&page=1000`,
    );
    const items = await res.json();
    expect(items).toHaveLength(100);
    expect(res.headers.get('link')).toContain('page=999>; rel="prev"');
    expect(res.headers.get('link')).not.toContain('rel="next"');
    const beyond = await (
      await fetch(`${url}/orgs/meridian/repos?per_page=100&page=1001`)
    ).json();
    expect(beyond).toEqual([]);
    const last = await (
      await fetch(`${url}/repos/meridian/${items[99].name}`)
    ).json();
    expect(last.name).toBe(items[99].name);
  }, 30_000);
});
