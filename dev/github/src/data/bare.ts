import { execFile, spawn } from 'child_process';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { GitBlob, GitSnapshot, GitTree } from './git';

/*
 * Repositories created through the API are real bare git repositories, so
 * that any git client can push to and clone from them (through
 * `git http-backend`) and what the API serves is exactly what was pushed.
 */

export interface GitPerson {
  name: string;
  email: string;
  /** ms since the epoch */
  date: number;
}

export interface PushedCommit {
  sha: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
  snapshot: GitSnapshot;
}

/** What a bare repository holds, read back after every push. */
export interface PushedState {
  /** Branch name -> head commit. */
  heads: Map<string, string>;
  /** Commits read so far (branch heads), by SHA; immutable, so kept across reads. */
  commits: Map<string, PushedCommit>;
}

export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export function emptySnapshot(): GitSnapshot {
  const root: GitTree = {
    type: 'tree',
    path: '',
    name: '',
    sha: EMPTY_TREE_SHA,
    entries: [],
  };
  return {
    commitSha: '',
    root,
    byPath: new Map([['', root]]),
    bySha: new Map([[EMPTY_TREE_SHA, root]]),
  };
}

/** The environment every git command runs with: no user or system configuration leaks in. */
function gitEnv(home: string, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C',
    ...extra,
  };
}

export class BareRepos {
  private root?: Promise<string>;

  /** The directory holding every bare repository; made on first use. */
  dir(): Promise<string> {
    if (!this.root) {
      this.root = mkdtemp(join(tmpdir(), 'dev-github-'));
    }
    return this.root;
  }

  async pathOf(key: string): Promise<string> {
    return join(await this.dir(), key);
  }

  async env(extra: Record<string, string> = {}) {
    return gitEnv(await this.dir(), extra);
  }

  async git(key: string | null, args: string[], input?: Buffer) {
    const cwd = key === null ? await this.dir() : await this.pathOf(key);
    const env = await this.env();
    return new Promise<Buffer>((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        { cwd, env, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) {
            reject(
              new Error(
                `git ${args.join(' ')} failed: ${stderr.toString().trim()}`,
              ),
            );
          } else {
            resolve(stdout);
          }
        },
      );
      if (input !== undefined) child.stdin!.end(input);
    });
  }

  async init(key: string, defaultBranch: string): Promise<void> {
    await this.git(null, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
      key,
    ]);
    // Pushes are authorised by the server before git sees them.
    await this.git(key, ['config', 'http.receivepack', 'true']);
  }

  /** HEAD names the default branch, which is what a clone checks out. */
  async setHead(key: string, branch: string): Promise<void> {
    await this.git(key, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  async remove(key: string): Promise<void> {
    await rm(await this.pathOf(key), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    if (!this.root) return;
    const dir = await this.root.catch(() => undefined);
    this.root = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  /** Branch heads now, reusing already-read commits. */
  async read(key: string, previous?: PushedState): Promise<PushedState> {
    const refs = (
      await this.git(key, [
        'for-each-ref',
        '--format=%(objectname) %(refname)',
        'refs/heads/',
      ])
    ).toString();
    const heads = new Map<string, string>();
    for (const line of refs.split('\n')) {
      const m = /^([0-9a-f]{40}) refs\/heads\/(.+)$/.exec(line);
      if (m) heads.set(m[2], m[1]);
    }
    const commits = new Map<string, PushedCommit>();
    for (const sha of new Set(heads.values())) {
      commits.set(
        sha,
        previous?.commits.get(sha) ?? (await this.readCommit(key, sha)),
      );
    }
    return { heads, commits };
  }

  private async readCommit(key: string, sha: string): Promise<PushedCommit> {
    const raw = (await this.git(key, ['cat-file', 'commit', sha])).toString(
      'utf8',
    );
    const split = raw.indexOf('\n\n');
    const headers = raw.slice(0, split < 0 ? raw.length : split).split('\n');
    const message = split < 0 ? '' : raw.slice(split + 2).replace(/\n$/, '');
    let treeSha = EMPTY_TREE_SHA;
    const parents: string[] = [];
    const person = (value: string): GitPerson => {
      const m = /^(.*) <([^>]*)> (\d+) [+-]\d{4}$/.exec(value);
      return m
        ? { name: m[1], email: m[2], date: Number(m[3]) * 1000 }
        : { name: value, email: '', date: 0 };
    };
    let author: GitPerson = { name: '', email: '', date: 0 };
    let committer = author;
    for (const h of headers) {
      const space = h.indexOf(' ');
      const field = h.slice(0, space);
      const value = h.slice(space + 1);
      if (field === 'tree') treeSha = value;
      else if (field === 'parent') parents.push(value);
      else if (field === 'author') author = person(value);
      else if (field === 'committer') committer = person(value);
    }
    const snapshot = await this.readTree(key, sha, treeSha);
    return { sha, parents, author, committer, message, snapshot };
  }

  private async readTree(
    key: string,
    commitSha: string,
    treeSha: string,
  ): Promise<GitSnapshot> {
    const listing = (
      await this.git(key, ['ls-tree', '-r', '-t', '-l', '-z', commitSha])
    ).toString('utf8');
    const root: GitTree = {
      type: 'tree',
      path: '',
      name: '',
      sha: treeSha,
      entries: [],
    };
    const byPath = new Map<string, GitBlob | GitTree>([['', root]]);
    const blobs: GitBlob[] = [];
    for (const item of listing.split('\0')) {
      const m = /^(\d+) (\w+) ([0-9a-f]{40}) +(\S+)\t(.+)$/s.exec(item);
      // Submodules (commit entries) have no content here, as on GitHub's contents API.
      if (!m || m[2] === 'commit') continue;
      const path = m[5];
      const slash = path.lastIndexOf('/');
      const parent = byPath.get(slash < 0 ? '' : path.slice(0, slash));
      if (!parent || parent.type !== 'tree') continue;
      const name = path.slice(slash + 1);
      const node: GitBlob | GitTree =
        m[2] === 'tree'
          ? { type: 'tree', path, name, sha: m[3], entries: [] }
          : {
              type: 'blob',
              path,
              name,
              sha: m[3],
              size: Number(m[4]),
              content: Buffer.alloc(0),
            };
      parent.entries.push(node);
      byPath.set(path, node);
      if (node.type === 'blob') blobs.push(node);
    }
    const contents = await this.readBlobs(
      key,
      blobs.map(b => b.sha),
    );
    for (const b of blobs) b.content = contents.get(b.sha) ?? Buffer.alloc(0);
    const bySha = new Map<string, GitBlob | GitTree>();
    for (const node of byPath.values()) bySha.set(node.sha, node);
    return { commitSha, root, byPath, bySha };
  }

  private async readBlobs(
    key: string,
    shas: string[],
  ): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const unique = [...new Set(shas)];
    if (unique.length === 0) return out;
    const cwd = await this.pathOf(key);
    const env = await this.env();
    const data = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn('git', ['cat-file', '--batch'], { cwd, env });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.on('error', reject);
      child.on('close', code =>
        code === 0
          ? resolve(Buffer.concat(chunks))
          : reject(new Error(`git cat-file --batch exited with ${code}`)),
      );
      child.stdin.end(`${unique.join('\n')}\n`);
    });
    let pos = 0;
    while (pos < data.length) {
      const eol = data.indexOf(0x0a, pos);
      if (eol < 0) break;
      const [sha, type, size] = data.subarray(pos, eol).toString().split(' ');
      if (type === 'missing' || size === undefined) {
        pos = eol + 1;
        continue;
      }
      const n = Number(size);
      out.set(sha, Buffer.from(data.subarray(eol + 1, eol + 1 + n)));
      pos = eol + 1 + n + 1;
    }
    return out;
  }

  /** One commit of the given files on an unborn branch, as `auto_init` makes. */
  async initialCommit(
    key: string,
    branch: string,
    files: Record<string, string>,
    message: string,
    who: { name: string; email: string },
  ): Promise<string> {
    const lines: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const sha = (
        await this.git(
          key,
          ['hash-object', '-w', '--stdin'],
          Buffer.from(content),
        )
      )
        .toString()
        .trim();
      lines.push(`100644 blob ${sha}\t${name}`);
    }
    const tree = (
      await this.git(key, ['mktree'], Buffer.from(`${lines.join('\n')}\n`))
    )
      .toString()
      .trim();
    const cwd = await this.pathOf(key);
    const env = await this.env({
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
    });
    const commit = await new Promise<string>((resolve, reject) => {
      execFile(
        'git',
        ['commit-tree', tree, '-m', message],
        { cwd, env },
        (err, stdout) => (err ? reject(err) : resolve(stdout.trim())),
      );
    });
    await this.git(key, ['update-ref', `refs/heads/${branch}`, commit]);
    return commit;
  }

  /** `git archive` of a commit, with GitHub's top-level directory. */
  async tarball(key: string, sha: string, prefix: string): Promise<Buffer> {
    return this.git(key, [
      'archive',
      '--format=tar.gz',
      `--prefix=${prefix}/`,
      sha,
    ]);
  }
}
