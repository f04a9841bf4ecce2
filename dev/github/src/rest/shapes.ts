import { ORG_CREATED, ORG_ID } from '../data/generator/core';
import type { TeamRecord, UserRecord } from '../data/model';
import type { Store } from '../data/store';
import { isoNN } from '../http/responses';
import { nodeId } from './ids';

/*
 * REST representations in GitHub's field order and types. Fields GitHub
 * sends that make no sense here (billing, plans) are left out rather than
 * faked; every field that is present has GitHub's name and type. Here:
 * people, the organisation and teams; repositories in repoShapes, pull
 * requests in pullShapes.
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

/** The account GitHub nests as a user or owner: a person, a bot or the organisation. */
function account<T extends string>(
  urls: Urls,
  a: { login: string; id: number; nodeId: string; htmlUrl: string; type: T },
) {
  const api = `${urls.api}/users/${a.login}`;
  return {
    login: a.login,
    id: a.id,
    node_id: a.nodeId,
    avatar_url: avatarUrl(urls, a.id),
    gravatar_id: '',
    url: api,
    html_url: a.htmlUrl,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: a.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function simpleUser(urls: Urls, u: UserRecord) {
  return account(urls, {
    login: u.login,
    id: u.id,
    nodeId: nodeId(u.type === 'Bot' ? 'Bot' : 'User', u.id),
    htmlUrl:
      u.type === 'Bot'
        ? `${urls.html}/apps/${u.login.replace('[bot]', '')}`
        : `${urls.html}/${u.login}`,
    type: u.type,
  });
}

/**
 * A person's profile (GET /users/{username}, GET /user): the simple user and
 * the fields around it; the email is only shown to the person themselves.
 */
export function fullUser(
  urls: Urls,
  u: UserRecord,
  profile: { company: string | null; email: string | null },
) {
  return {
    ...simpleUser(urls, u),
    name: u.name,
    company: profile.company,
    blog: '',
    location: null,
    email: profile.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: isoNN(u.createdAt),
    updated_at: isoNN(u.createdAt + 86_400_000),
  };
}

export function orgAsOwner(urls: Urls, org: string) {
  return account(urls, {
    login: org,
    id: ORG_ID,
    nodeId: nodeId('Organization', ORG_ID),
    htmlUrl: `${urls.html}/${org}`,
    type: 'Organization',
  });
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
