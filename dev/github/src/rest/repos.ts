import { ORG_ID, squadSlug } from '../data/generator/core';
import type { RepoFilter, RepoSort } from '../data/repoList';
import { SQUADS } from '../data/vocabulary';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound, paginate, sendError, sendJson } from '../http/responses';
import { route } from '../http/router';
import { repoRoute, requireOrg, urlsOf } from './common';
import { fullRepository, repository } from './repoShapes';
import { fullUser, orgFull, simpleUser } from './shapes';

const D = 'https://docs.github.com/rest';

const TYPE_FILTERS: Record<string, RepoFilter | undefined> = {
  all: undefined,
  sources: undefined,
  member: undefined,
  public: { visibility: ['public'] },
  private: { visibility: ['private', 'internal'] },
  internal: { visibility: ['internal'] },
  forks: { visibility: [] },
};

function listOrgRepos(ctx: RequestContext) {
  if (!requireOrg(ctx)) return;
  const type = ctx.query.get('type') ?? 'all';
  const sort = (ctx.query.get('sort') ?? 'created') as RepoSort;
  // GitHub's default: ascending for full_name, descending otherwise.
  let direction: 'asc' | 'desc' = sort === 'full_name' ? 'asc' : 'desc';
  const asked = ctx.query.get('direction');
  if (asked === 'asc' || asked === 'desc') direction = asked;
  const order = ctx.app.store.list({
    sort: ['created', 'updated', 'pushed', 'full_name'].includes(sort)
      ? sort
      : 'created',
    direction,
    // GitHub ignores unknown `type` values rather than failing.
    filter: TYPE_FILTERS[type],
  });
  const page = paginate(ctx, order.length, `/organizations/${ORG_ID}/repos`);
  const urls = urlsOf(ctx);
  const items = [];
  for (let i = page.start; i < page.end; i++) {
    items.push(
      repository(urls, ctx.app.store, ctx.app.store.repo(order[i]).record),
    );
  }
  sendJson(ctx, items);
}

export const repoRoutes: RouteDef[] = [
  route(
    'GET',
    '/orgs/{org}',
    'core',
    `${D}/orgs/orgs#get-an-organization`,
    ctx => {
      if (!requireOrg(ctx)) return;
      sendJson(ctx, orgFull(urlsOf(ctx), ctx.app.store));
    },
  ),
  route(
    'GET',
    '/orgs/{org}/repos',
    'core',
    `${D}/repos/repos#list-organization-repositories`,
    listOrgRepos,
  ),
  route(
    'GET',
    '/orgs/{org}/members',
    'core',
    `${D}/orgs/members#list-organization-members`,
    ctx => {
      if (!requireOrg(ctx)) return;
      const users = ctx.app.store.users;
      const page = paginate(
        ctx,
        users.length,
        `/organizations/${ORG_ID}/members`,
      );
      sendJson(
        ctx,
        users.slice(page.start, page.end).map(u => simpleUser(urlsOf(ctx), u)),
      );
    },
  ),
  route(
    'GET',
    '/orgs/{org}/properties/schema',
    'core',
    `${D}/orgs/custom-properties#get-all-custom-properties-for-an-organization`,
    ctx => {
      if (!requireOrg(ctx)) return;
      sendJson(ctx, [
        {
          property_name: 'squad',
          url: `${ctx.app.baseUrl}/orgs/${ctx.app.store.org}/properties/schema/squad`,
          source_type: 'organization',
          value_type: 'single_select',
          required: false,
          default_value: null,
          description: 'The squad that owns this repository',
          allowed_values: SQUADS.map((_, i) => squadSlug(i)),
          values_editable_by: 'org_actors',
        },
      ]);
    },
  ),
  route(
    'GET',
    '/orgs/{org}/properties/values',
    'core',
    `${D}/orgs/custom-properties#list-custom-property-values-for-organization-repositories`,
    ctx => {
      if (!requireOrg(ctx)) return;
      const store = ctx.app.store;
      const order = store.list({ sort: 'created', direction: 'asc' });
      const page = paginate(
        ctx,
        order.length,
        `/organizations/${ORG_ID}/properties/values`,
      );
      const items = [];
      for (let i = page.start; i < page.end; i++) {
        const r = store.repo(order[i]).record;
        items.push({
          repository_id: r.id,
          repository_name: r.name,
          repository_full_name: `${store.org}/${r.name}`,
          properties: [
            {
              property_name: 'squad',
              value: r.squadProperty ? squadSlug(r.squad) : null,
            },
          ],
        });
      }
      sendJson(ctx, items);
    },
  ),
  route(
    'GET',
    '/users/{username}',
    'core',
    `${D}/users/users#get-a-user`,
    ctx => {
      const store = ctx.app.store;
      if (ctx.params.username.toLowerCase() === store.org.toLowerCase()) {
        sendJson(ctx, orgFull(urlsOf(ctx), store));
        return;
      }
      const u = store.user(ctx.params.username);
      if (!u) {
        notFound(ctx);
        return;
      }
      sendJson(
        ctx,
        fullUser(urlsOf(ctx), u, {
          company: u.type === 'User' ? '@meridian' : null,
          email: null,
        }),
      );
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}',
    'core',
    `${D}/repos/repos#get-a-repository`,
    (ctx, found) => {
      sendJson(
        ctx,
        fullRepository(urlsOf(ctx), ctx.app.store, found.view.record),
        {
          lastModified: found.view.record.updatedAt,
        },
      );
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/topics',
    'core',
    `${D}/repos/repos#get-all-repository-topics`,
    (ctx, found) => sendJson(ctx, { names: found.view.record.topics }),
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/properties/values',
    'core',
    `${D}/repos/custom-properties#get-all-custom-property-values-for-a-repository`,
    (ctx, found) => {
      const r = found.view.record;
      sendJson(
        ctx,
        r.squadProperty
          ? [{ property_name: 'squad', value: squadSlug(r.squad) }]
          : [],
      );
    },
  ),
];

export function validationFailed(
  ctx: RequestContext,
  errors: Array<Record<string, unknown>>,
  docs?: string,
) {
  sendError(ctx, 422, 'Validation Failed', docs, { errors });
}
