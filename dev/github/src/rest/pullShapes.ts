import { pullId } from '../data/generator/core';
import type {
  PullRecord,
  RepoRecord,
  ReviewRecord,
  TeamRecord,
  UserRecord,
} from '../data/model';
import type { Store } from '../data/store';
import { LABELS } from '../data/vocabulary';
import { iso, isoNN } from '../http/responses';
import { nodeId } from './ids';
import { repository } from './repoShapes';
import { orgAsOwner, simpleUser, teamSimple, Urls } from './shapes';

/* Pull requests, their labels and reviews, in GitHub's field order and types. */

export function label(
  urls: Urls,
  store: Store,
  repo: RepoRecord,
  name: string,
) {
  const known = LABELS.find(l => l.name === name);
  const id =
    5_000_000_000 + LABELS.findIndex(l => l.name === name) + repo.id * 16;
  return {
    id,
    node_id: nodeId('Label', repo.id, name),
    url: `${urls.api}/repos/${store.org}/${
      repo.name
    }/labels/${encodeURIComponent(name)}`,
    name,
    color: known?.color ?? 'ededed',
    default: ['bug', 'enhancement', 'documentation'].includes(name),
    description: known?.description ?? '',
  };
}

function association(store: Store, login: string): 'CONTRIBUTOR' | 'MEMBER' {
  return store.user(login)?.type === 'Bot' ? 'CONTRIBUTOR' : 'MEMBER';
}

/** Pull request authors always exist: generated ones are org members, added ones are checked. */
function author(urls: Urls, store: Store, login: string) {
  return simpleUser(urls, store.user(login)!);
}

function userOrGhost(urls: Urls, store: Store, login: string) {
  const u = store.user(login);
  return u ? simpleUser(urls, u) : null;
}

function pullLinks(api: string, html: string, number: number, headSha: string) {
  return {
    self: { href: `${api}/pulls/${number}` },
    html: { href: `${html}/pull/${number}` },
    issue: { href: `${api}/issues/${number}` },
    comments: { href: `${api}/issues/${number}/comments` },
    review_comments: { href: `${api}/pulls/${number}/comments` },
    review_comment: { href: `${api}/pulls/comments{/number}` },
    commits: { href: `${api}/pulls/${number}/commits` },
    statuses: { href: `${api}/statuses/${headSha}` },
  };
}

export function pullSimple(
  urls: Urls,
  store: Store,
  repo: RepoRecord,
  baseSha: string,
  p: PullRecord,
) {
  const fullName = `${store.org}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  const html = `${urls.html}/${fullName}`;
  const repoShape = repository(urls, store, repo);
  const owner = orgAsOwner(urls, store.org);
  return {
    url: `${api}/pulls/${p.number}`,
    id: pullId(repo.index, p.number),
    node_id: nodeId('PullRequest', repo.index, p.number),
    html_url: `${html}/pull/${p.number}`,
    diff_url: `${html}/pull/${p.number}.diff`,
    patch_url: `${html}/pull/${p.number}.patch`,
    issue_url: `${api}/issues/${p.number}`,
    commits_url: `${api}/pulls/${p.number}/commits`,
    review_comments_url: `${api}/pulls/${p.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    statuses_url: `${api}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: author(urls, store, p.author),
    body: p.body || null,
    labels: p.labels.map(l => label(urls, store, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: isoNN(p.createdAt),
    updated_at: isoNN(p.updatedAt),
    closed_at: iso(p.closedAt),
    merged_at: iso(p.mergedAt),
    merge_commit_sha: p.mergedAt ? p.headSha : null,
    assignee: null,
    assignees: [],
    requested_reviewers: p.requestedReviewers
      .map(login => store.user(login))
      .filter((u): u is UserRecord => Boolean(u))
      .map(u => simpleUser(urls, u)),
    requested_teams: p.requestedTeams
      .map(slug => store.team(slug))
      .filter((t): t is TeamRecord => Boolean(t))
      .map(t => teamSimple(urls, store, t)),
    head: {
      label: `${store.org}:${p.headRef}`,
      ref: p.headRef,
      sha: p.headSha,
      user: owner,
      repo: repoShape,
    },
    base: {
      label: `${store.org}:${repo.defaultBranch}`,
      ref: repo.defaultBranch,
      sha: baseSha,
      user: owner,
      repo: repoShape,
    },
    _links: pullLinks(api, html, p.number, p.headSha),
    author_association: association(store, p.author),
    auto_merge: null,
    draft: p.draft,
  };
}

function mergeableState(p: PullRecord): string {
  if (p.state !== 'open') return 'unknown';
  return p.draft ? 'draft' : 'clean';
}

export function pullFull(
  urls: Urls,
  store: Store,
  repo: RepoRecord,
  baseSha: string,
  p: PullRecord,
) {
  return {
    ...pullSimple(urls, store, repo, baseSha, p),
    merged: p.mergedAt !== null,
    mergeable: p.state === 'open' ? true : null,
    rebaseable: p.state === 'open' ? true : null,
    mergeable_state: mergeableState(p),
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: p.commits,
    additions: p.additions,
    deletions: p.deletions,
    changed_files: p.changedFiles,
  };
}

export function review(
  urls: Urls,
  store: Store,
  repo: RepoRecord,
  p: PullRecord,
  r: ReviewRecord,
) {
  const fullName = `${store.org}/${repo.name}`;
  const html = `${urls.html}/${fullName}/pull/${p.number}#pullrequestreview-${r.id}`;
  const pr = `${urls.api}/repos/${fullName}/pulls/${p.number}`;
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', repo.index, p.number, r.id),
    user: userOrGhost(urls, store, r.author),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pr,
    author_association: association(store, r.author),
    _links: { html: { href: html }, pull_request: { href: pr } },
    submitted_at: isoNN(r.submittedAt),
    commit_id: r.commitId,
  };
}

/** An item of GET /search/issues for a pull request. */
export function issueSearchItem(
  urls: Urls,
  store: Store,
  repo: RepoRecord,
  p: PullRecord,
) {
  const fullName = `${store.org}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  const html = `${urls.html}/${fullName}`;
  return {
    url: `${api}/issues/${p.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${p.number}/labels{/name}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    events_url: `${api}/issues/${p.number}/events`,
    html_url: `${html}/pull/${p.number}`,
    id: pullId(repo.index, p.number) + 500_000_000,
    node_id: nodeId('PullRequest', repo.index, p.number),
    number: p.number,
    title: p.title,
    user: author(urls, store, p.author),
    labels: p.labels.map(l => label(urls, store, repo, l)),
    state: p.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: isoNN(p.createdAt),
    updated_at: isoNN(p.updatedAt),
    closed_at: iso(p.closedAt),
    author_association: association(store, p.author),
    active_lock_reason: null,
    draft: p.draft,
    pull_request: {
      url: `${api}/pulls/${p.number}`,
      html_url: `${html}/pull/${p.number}`,
      diff_url: `${html}/pull/${p.number}.diff`,
      patch_url: `${html}/pull/${p.number}.patch`,
      merged_at: iso(p.mergedAt),
    },
    body: p.body,
    reactions: {
      url: `${api}/issues/${p.number}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${api}/issues/${p.number}/timeline`,
    performed_via_github_app: null,
    state_reason: null,
    score: 1,
  };
}
