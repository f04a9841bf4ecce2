import { BareRepos, emptySnapshot, PushedState } from './bare';
import { REPO_ID_BASE } from './generator/core';
import type { GitSnapshot } from './git';
import type { RepoRecord, Visibility } from './model';

/*
 * Repositories created through the API (POST /orgs/{org}/repos). They live
 * beside the generated ones, at indices no generated repository reaches, so
 * everything keyed by index (ids, node ids, orderings, overlays) works for
 * both; their content is whatever was pushed to their bare git repository.
 */

/** Past any repository count a server is started with; ids stay safe integers. */
export const CREATED_INDEX_BASE = 90_000_000;

export interface PushRecord {
  at: string;
  /** Branch -> head after the push. */
  heads: Record<string, string>;
}

export interface CreatedRepo {
  index: number;
  /** Directory name of the bare repository. */
  key: string;
  record: RepoRecord;
  state: PushedState;
  pushes: PushRecord[];
}

export interface NewRepository {
  name: string;
  description?: string | null;
  homepage?: string | null;
  visibility: Visibility;
  defaultBranch: string;
  /** Custom property values sent at creation. */
  squad?: number;
}

/** What the control API reports about a created repository. */
export interface CreatedRepoInfo {
  name: string;
  fullName: string;
  visibility: Visibility;
  description: string | null;
  defaultBranch: string;
  topics: string[];
  createdAt: string;
  pushedAt: string;
  /** Branch -> head commit SHA; empty until the first push. */
  branches: Record<string, string>;
  /** Paths of the default branch's files. */
  files: string[];
  pushes: PushRecord[];
  teams: Record<string, string>;
  collaborators: Record<string, string>;
  protected: boolean;
  deleted: boolean;
}

export class CreatedRepos {
  readonly bare = new BareRepos();
  private readonly byIndex = new Map<number, CreatedRepo>();
  private readonly byName = new Map<string, CreatedRepo>();
  private next = 0;

  get size(): number {
    return this.byIndex.size;
  }

  has(index: number): boolean {
    return this.byIndex.has(index);
  }

  get(index: number): CreatedRepo | undefined {
    return this.byIndex.get(index);
  }

  /** Case-insensitive, like GitHub's URLs. */
  find(name: string): CreatedRepo | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** In creation order. */
  all(): CreatedRepo[] {
    return [...this.byIndex.values()];
  }

  /** Registers the repository at once, so that a concurrent create of the same name fails. */
  reserve(input: NewRepository): CreatedRepo {
    const index = CREATED_INDEX_BASE + this.next++;
    const now = Date.now();
    const record: RepoRecord = {
      index,
      id: REPO_ID_BASE + index,
      name: input.name,
      type: 'service',
      domain: 0,
      component: null,
      kind: '',
      squad: input.squad ?? -1,
      language: '',
      archived: false,
      visibility: input.visibility,
      createdAt: now,
      pushedAt: now,
      updatedAt: now,
      pullCount: 0,
      description: input.description ?? null,
      squadProperty: input.squad !== undefined,
      topics: [],
      defaultBranch: input.defaultBranch,
      homepage: input.homepage ?? null,
      sizeKb: 0,
      stargazers: 0,
      forks: 0,
      openIssues: 0,
      files: new Map(),
      protection: null,
      pulls: [],
      commit: { message: '', author: '', date: now, parentSha: '' },
      teamPermissions: {},
      collaborators: {},
    };
    const repo: CreatedRepo = {
      index,
      key: `${record.id}.git`,
      record,
      state: { heads: new Map(), commits: new Map() },
      pushes: [],
    };
    this.byIndex.set(index, repo);
    this.byName.set(input.name.toLowerCase(), repo);
    return repo;
  }

  forget(repo: CreatedRepo): void {
    this.byIndex.delete(repo.index);
    if (this.byName.get(repo.record.name.toLowerCase()) === repo) {
      this.byName.delete(repo.record.name.toLowerCase());
    }
  }

  clear(): CreatedRepo[] {
    const all = this.all();
    this.byIndex.clear();
    this.byName.clear();
    return all;
  }

  /** The default branch's tree, or an empty one before the first push. */
  snapshot(repo: CreatedRepo): GitSnapshot {
    const sha = repo.state.heads.get(repo.record.defaultBranch);
    return (sha && repo.state.commits.get(sha)?.snapshot) || emptySnapshot();
  }

  /**
   * Reads the bare repository back after a push and mirrors its default
   * branch into the record (files, head commit, pushed_at), which is what
   * the generated-repository code paths read.
   */
  async refresh(repo: CreatedRepo): Promise<boolean> {
    const before = repo.state;
    const state = await this.bare.read(repo.key, before);
    const changed =
      state.heads.size !== before.heads.size ||
      [...state.heads].some(([b, sha]) => before.heads.get(b) !== sha);
    repo.state = state;
    const r = repo.record;
    // A push into an empty repository makes its branch the default when the default does not exist, as on GitHub.
    if (!state.heads.has(r.defaultBranch) && state.heads.size > 0) {
      r.defaultBranch = state.heads.keys().next().value as string;
      await this.bare.setHead(repo.key, r.defaultBranch);
    }
    if (!changed) return false;
    const now = Date.now();
    repo.pushes.push({
      at: new Date(now).toISOString(),
      heads: Object.fromEntries(state.heads),
    });
    r.pushedAt = now;
    r.updatedAt = now;
    const head = state.commits.get(state.heads.get(r.defaultBranch) ?? '');
    r.files = new Map();
    if (head) {
      let bytes = 0;
      for (const node of head.snapshot.byPath.values()) {
        if (node.type !== 'blob') continue;
        r.files.set(node.path, node.content.toString('utf8'));
        bytes += node.size;
      }
      r.sizeKb = Math.ceil(bytes / 1024);
      r.commit = {
        message: head.message,
        author: head.author.name,
        date: head.committer.date || head.author.date,
        parentSha: head.parents[0] ?? '',
      };
    }
    return true;
  }

  info(repo: CreatedRepo, org: string, deleted: boolean): CreatedRepoInfo {
    const r = repo.record;
    return {
      name: r.name,
      fullName: `${org}/${r.name}`,
      visibility: r.visibility,
      description: r.description,
      defaultBranch: r.defaultBranch,
      topics: [...r.topics],
      createdAt: new Date(r.createdAt).toISOString(),
      pushedAt: new Date(r.pushedAt).toISOString(),
      branches: Object.fromEntries(repo.state.heads),
      files: [...r.files.keys()].sort(),
      pushes: repo.pushes.map(p => ({ ...p, heads: { ...p.heads } })),
      teams: { ...r.teamPermissions },
      collaborators: { ...r.collaborators },
      protected: r.protection !== null,
      deleted,
    };
  }
}
