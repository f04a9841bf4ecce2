import { ORG_ID } from '../data/generator/core';
import type { RouteDef } from '../http/context';
import { paginate, sendJson } from '../http/responses';
import { route } from '../http/router';
import { requireOrg, requireTeam, urlsOf } from './common';
import { adminPermissions, repository } from './repoShapes';
import { simpleUser, teamFull, teamSimple } from './shapes';

const D = 'https://docs.github.com/rest/teams';

export const teamRoutes: RouteDef[] = [
  route('GET', '/orgs/{org}/teams', 'core', `${D}/teams#list-teams`, ctx => {
    if (!requireOrg(ctx)) return;
    const store = ctx.app.store;
    const page = paginate(
      ctx,
      store.teams.length,
      `/organizations/${ORG_ID}/teams`,
    );
    sendJson(
      ctx,
      store.teams
        .slice(page.start, page.end)
        .map(t => teamSimple(urlsOf(ctx), store, t)),
    );
  }),
  route(
    'GET',
    '/orgs/{org}/teams/{team_slug}',
    'core',
    `${D}/teams#get-a-team-by-name`,
    ctx => {
      const team = requireTeam(ctx);
      if (team) sendJson(ctx, teamFull(urlsOf(ctx), ctx.app.store, team));
    },
  ),
  route(
    'GET',
    '/orgs/{org}/teams/{team_slug}/members',
    'core',
    `${D}/members#list-team-members`,
    ctx => {
      const team = requireTeam(ctx);
      if (!team) return;
      const role = ctx.query.get('role') ?? 'all';
      // The first member of each squad is its maintainer.
      const members = ctx.app.store
        .teamMembers(team)
        .filter(
          (_, i) => role === 'all' || (role === 'maintainer') === (i === 0),
        );
      const page = paginate(
        ctx,
        members.length,
        `/organizations/${ORG_ID}/team/${team.id}/members`,
      );
      sendJson(
        ctx,
        members
          .slice(page.start, page.end)
          .map(u => simpleUser(urlsOf(ctx), u)),
      );
    },
  ),
  route(
    'GET',
    '/orgs/{org}/teams/{team_slug}/repos',
    'core',
    `${D}/teams#list-team-repositories`,
    ctx => {
      const team = requireTeam(ctx);
      if (!team) return;
      const store = ctx.app.store;
      const order = store.teamRepos(team);
      const page = paginate(
        ctx,
        order.length,
        `/organizations/${ORG_ID}/team/${team.id}/repos`,
      );
      const items = [];
      for (let i = page.start; i < page.end; i++) {
        const shape = repository(
          urlsOf(ctx),
          store,
          store.repo(order[i]).record,
        );
        items.push({
          ...shape,
          // A squad administers the repositories it owns.
          permissions: adminPermissions(),
          role_name: 'admin',
        });
      }
      sendJson(ctx, items);
    },
  ),
];
