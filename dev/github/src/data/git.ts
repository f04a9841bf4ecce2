import { createHash } from 'crypto';

/*
 * Real git object ids: blob, tree and commit SHAs are computed exactly as git
 * does, so a client that caches by SHA, or compares a blob SHA from the
 * contents API with one from the trees API, sees consistent values.
 */

export interface GitBlob {
  type: 'blob';
  path: string;
  name: string;
  sha: string;
  size: number;
  content: Buffer;
}

export interface GitTree {
  type: 'tree';
  /** '' for the root. */
  path: string;
  name: string;
  sha: string;
  entries: Array<GitBlob | GitTree>;
}

export interface GitSnapshot {
  commitSha: string;
  root: GitTree;
  /** Every blob and tree by path (root under ''). */
  byPath: Map<string, GitBlob | GitTree>;
  /** Every blob and tree by SHA. */
  bySha: Map<string, GitBlob | GitTree>;
}

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

export function blobSha(content: Buffer): string {
  return sha1(
    Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]),
  );
}

// git sorts tree entries by name, comparing directories as if they ended in '/'.
function gitOrder(a: GitBlob | GitTree, b: GitBlob | GitTree): number {
  const ka = a.type === 'tree' ? `${a.name}/` : a.name;
  const kb = b.type === 'tree' ? `${b.name}/` : b.name;
  return Buffer.compare(Buffer.from(ka), Buffer.from(kb));
}

function treeSha(entries: Array<GitBlob | GitTree>): string {
  const body = Buffer.concat(
    entries.map(e =>
      Buffer.concat([
        Buffer.from(`${e.type === 'tree' ? '40000' : '100644'} ${e.name}\0`),
        Buffer.from(e.sha, 'hex'),
      ]),
    ),
  );
  return sha1(Buffer.concat([Buffer.from(`tree ${body.length}\0`), body]));
}

export interface CommitInfo {
  parentSha: string;
  authorName: string;
  authorEmail: string;
  date: number;
  message: string;
}

export function buildSnapshot(
  files: Map<string, string>,
  commit: CommitInfo,
): GitSnapshot {
  const byPath = new Map<string, GitBlob | GitTree>();
  const root: GitTree = {
    type: 'tree',
    path: '',
    name: '',
    sha: '',
    entries: [],
  };
  byPath.set('', root);
  const dirOf = (dirPath: string): GitTree => {
    const existing = byPath.get(dirPath);
    if (existing && existing.type === 'tree') return existing;
    const slash = dirPath.lastIndexOf('/');
    const parent = dirOf(slash < 0 ? '' : dirPath.slice(0, slash));
    const tree: GitTree = {
      type: 'tree',
      path: dirPath,
      name: dirPath.slice(slash + 1),
      sha: '',
      entries: [],
    };
    parent.entries.push(tree);
    byPath.set(dirPath, tree);
    return tree;
  };
  for (const [path, text] of files) {
    const content = Buffer.from(text, 'utf8');
    const slash = path.lastIndexOf('/');
    const blob: GitBlob = {
      type: 'blob',
      path,
      name: path.slice(slash + 1),
      sha: blobSha(content),
      size: content.length,
      content,
    };
    dirOf(slash < 0 ? '' : path.slice(0, slash)).entries.push(blob);
    byPath.set(path, blob);
  }
  const finish = (tree: GitTree) => {
    for (const e of tree.entries) if (e.type === 'tree') finish(e);
    tree.entries.sort(gitOrder);
    tree.sha = treeSha(tree.entries);
  };
  finish(root);
  const bySha = new Map<string, GitBlob | GitTree>();
  for (const node of byPath.values()) bySha.set(node.sha, node);
  const seconds = Math.floor(commit.date / 1000);
  const who = `${commit.authorName} <${commit.authorEmail}> ${seconds} +0000`;
  const body = Buffer.from(
    `tree ${root.sha}\nparent ${commit.parentSha}\nauthor ${who}\ncommitter GitHub <noreply@github.com> ${seconds} +0000\n\n${commit.message}\n`,
  );
  const commitSha = sha1(
    Buffer.concat([Buffer.from(`commit ${body.length}\0`), body]),
  );
  return { commitSha, root, byPath, bySha };
}

/** Every blob and tree under a tree, depth first, as `git ls-tree -r -t` lists them. */
export function walkTree(tree: GitTree): Array<GitBlob | GitTree> {
  const out: Array<GitBlob | GitTree> = [];
  const visit = (t: GitTree) => {
    for (const e of t.entries) {
      out.push(e);
      if (e.type === 'tree') visit(e);
    }
  };
  visit(tree);
  return out;
}
