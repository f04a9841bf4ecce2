import { ORG_CREATED, ORG_ID, pullId, squadSlug } from '../data/generator';
import type {
  CommitState,
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

/*
 * REST representations in GitHub's field order and types. Fields GitHub
 * sends that make no sense here (billing, plans) are left out rather than
 * faked; every field that is present has GitHub's name and type.
 */

export interface Urls {
  /** API base, e.g. http://127.0.0.1:7900 */
  api: string;
  /** Where html_url points; the same server. */
  html: string;
}

export function avatarUrl(urls: Urls, id: number): string {
  return `${urls.api}/avatars/u/${id}?v=4`;
}

export function simpleUser(urls: Urls, u: UserRecord) {
  const api = `${urls.api}/users/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'Bot' : 'User', u.id),
    avatar_url: avatarUrl(urls, u.id),
    gravatar_id: '',
    url: api,
    html_url:
      u.type === 'Bot'
        ? `${urls.html}/apps/${u.login.replace('[bot]', '')}`
        : `${urls.html}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function orgAsOwner(urls: Urls, org: string) {
  const api = `${urls.api}/users/${org}`;
  return {
    login: org,
    id: ORG_ID,
    node_id: nodeId('Organization', ORG_ID),
    avatar_url: avatarUrl(urls, ORG_ID),
    gravatar_id: '',
    url: api,
    html_url: `${urls.html}/${org}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'Organization',
    user_view_type: 'public',
    site_admin: false,
  };
}

export function orgSimple(urls: Urls, org: string) {
  const api = `${urls.api}/orgs/${org}`;
  return {
    login: org,
    id: ORG_ID,
    node_id: nodeId('Organization', ORG_ID),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: avatarUrl(urls, ORG_ID),
    description: 'Meridian Bank engineering',
  };
}

export function orgFull(urls: Urls, store: Store) {
  const publicRepos = store.countWhere({ visibility: ['public'] });
  const privateRepos = store.countWhere({
    visibility: ['private', 'internal'],
  });
  return {
    ...orgSimple(urls, store.org),
    name: 'Meridian Bank',
    // company and email are absent (not null) when unset, as the OpenAPI description allows.
    blog: 'https://meridian.example',
    location: 'London',
    twitter_username: null,
    is_verified: true,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${urls.html}/${store.org}`,
    created_at: isoNN(ORG_CREATED),
    updated_at: isoNN(ORG_CREATED + 3_000 * 86_400_000),
    archived_at: null,
    type: 'Organization',
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    members_can_create_repositories: false,
    two_factor_requirement_enabled: true,
    default_repository_permission: 'read',
  };
}

function repoUrls(urls: Urls, fullName: string) {
  const api = `${urls.api}/repos/${fullName}`;
  return {
    html_url: `${urls.html}/${fullName}`,
    api,
  };
}

function customProperties(r: RepoRecord): Record<string, string> {
  return r.squadProperty ? { squad: squadSlug(r.squad) } : {};
}

/** The repository shape of list endpoints (org repos, team repos, pulls' head/base). */
export function repository(urls: Urls, store: Store, r: RepoRecord) {
  const fullName = `${store.org}/${r.name}`;
  const { api, html_url } = repoUrls(urls, fullName);
  const host = new URL(urls.html).host;
  return {
    id: r.id,
    node_id: nodeId('Repository', r.id),
    name: r.name,
    full_name: fullName,
    private: r.visibility !== 'public',
    owner: orgAsOwner(urls, store.org),
    html_url,
    description: r.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: isoNN(r.createdAt),
    updated_at: isoNN(r.updatedAt),
    pushed_at: isoNN(r.pushedAt),
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host.replace(/:\d+$/, '')}:${fullName}.git`,
    clone_url: `${urls.html}/${fullName}.git`,
    svn_url: html_url,
    homepage: r.homepage,
    size: r.sizeKb,
    stargazers_count: r.stargazers,
    watchers_count: r.stargazers,
    language: r.language || null,
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: r.forks,
    mirror_url: null,
    archived: r.archived,
    disabled: false,
    open_issues_count: r.openIssues,
    license: null,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: r.topics,
    visibility: r.visibility,
    forks: r.forks,
    open_issues: r.openIssues,
    watchers: r.stargazers,
    default_branch: r.defaultBranch,
    permissions: {
      admin: false,
      maintain: false,
      push: false,
      triage: false,
      pull: true,
    },
    custom_properties: customProperties(r),
  };
}

/** GET /repos/{owner}/{repo}: the list shape plus settings, organization and counts. */
export function fullRepository(urls: Urls, store: Store, r: RepoRecord) {
  const { custom_properties, permissions, ...base } = repository(
    urls,
    store,
    r,
  );
  return {
    ...base,
    permissions,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: false,
    allow_auto_merge: false,
    delete_branch_on_merge: true,
    allow_update_branch: true,
    use_squash_pr_title_as_default: true,
    squash_merge_commit_message: 'COMMIT_MESSAGES' as const,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE' as const,
    merge_commit_message: 'PR_TITLE' as const,
    merge_commit_title: 'MERGE_MESSAGE' as const,
    custom_properties,
    organization: orgAsOwner(urls, store.org),
    security_and_analysis: {
      secret_scanning: { status: 'enabled' as const },
      secret_scanning_push_protection: { status: 'enabled' as const },
      dependabot_security_updates: { status: 'disabled' as const },
    },
    network_count: r.forks,
    subscribers_count: 3,
  };
}

export function teamSimple(
  urls: Urls,
  store: Store,
  t: TeamRecord,
): ReturnType<typeof teamWithoutParent> & {
  parent: ReturnType<typeof teamWithoutParent> | null;
} {
  const parent = t.parentSlug ? store.team(t.parentSlug) : undefined;
  return {
    ...teamWithoutParent(urls, store, t),
    // GitHub nests the parent as a simple team, without its own parent.
    parent: parent ? teamWithoutParent(urls, store, parent) : null,
  };
}

function teamWithoutParent(urls: Urls, store: Store, t: TeamRecord) {
  const api = `${urls.api}/organizations/${ORG_ID}/team/${t.id}`;
  return {
    name: t.name,
    id: t.id,
    node_id: nodeId('Team', t.id),
    slug: t.slug,
    description: t.description,
    privacy: 'closed' as const,
    notification_setting: 'notifications_enabled' as const,
    url: api,
    html_url: `${urls.html}/orgs/${store.org}/teams/${t.slug}`,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    permission: 'pull',
  };
}

export function teamFull(urls: Urls, store: Store, t: TeamRecord) {
  return {
    ...teamSimple(urls, store, t),
    members_count: store.teamMembers(t).length,
    repos_count: store.teamRepos(t).length,
    created_at: isoNN(t.createdAt),
    updated_at: isoNN(t.createdAt + 90 * 86_400_000),
    organization: orgFull(urls, store),
  };
}

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

/** github-actions[bot], the creator of the CI status. */
const ACTIONS_BOT_ID = 41898282;

const STATUS_DESCRIPTIONS: Record<CommitState, string> = {
  SUCCESS: 'Build succeeded',
  FAILURE: 'Build failed',
  PENDING: 'Build in progress',
};

/**
 * `GET /repos/{o}/{r}/commits/{ref}/status`: CI is one status with context
 * `build` (the check branch protection requires); no status -> `pending` with
 * none, as GitHub answers for a commit nobody reported on.
 */
export function combinedStatus(
  urls: Urls,
  store: Store,
  r: RepoRecord,
  sha: string,
  state: CommitState | null,
) {
  const fullName = `${store.org}/${r.name}`;
  const { api } = repoUrls(urls, fullName);
  const at = isoNN(r.commit.date);
  const statuses =
    state === null
      ? []
      : [
          {
            url: `${api}/statuses/${sha}`,
            avatar_url: avatarUrl(urls, ACTIONS_BOT_ID),
            id: 6_000_000_000 + r.index,
            node_id: nodeId('StatusContext', r.index, sha),
            state: state.toLowerCase(),
            description: STATUS_DESCRIPTIONS[state],
            target_url: `${urls.html}/${fullName}/actions/runs/${
              8_000_000_000 + r.index
            }`,
            context: 'build',
            created_at: at,
            updated_at: at,
          },
        ];
  return {
    state: state === null ? 'pending' : state.toLowerCase(),
    statuses,
    sha,
    total_count: statuses.length,
    repository: repository(urls, store, r),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  };
}
