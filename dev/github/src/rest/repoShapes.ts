import { squadSlug } from '../data/generator/core';
import type { CommitState, RepoRecord } from '../data/model';
import type { Store } from '../data/store';
import { isoNN } from '../http/responses';
import { nodeId } from './ids';
import { avatarUrl, orgAsOwner, Urls } from './shapes';

/* Repositories and their CI status, in GitHub's field order and types. */

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

/** What an administrator of a repository may do (its squad, its creator). */
export function adminPermissions() {
  return { admin: true, maintain: true, push: true, triage: true, pull: true };
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
