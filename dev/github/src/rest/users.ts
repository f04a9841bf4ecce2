import type { UserRecord } from '../data/model';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound, sendError, sendJson } from '../http/responses';
import { route } from '../http/router';
import { isAuthorized } from '../middleware/auth';
import { urlsOf } from './common';
import { fullUser, orgSimple, simpleUser } from './shapes';

const D = 'https://docs.github.com/rest';

/** Scopes that let a user token read organisation memberships. */
const ORG_READ_SCOPES = ['read:org', 'write:org', 'admin:org'];

interface Requester {
  /** The person a user token was issued to; undefined for the server token. */
  user?: UserRecord;
  scopes: string[];
}

/**
 * Who is asking: a user token from the OAuth web flow, or the server's own
 * token (an integration acting for the organisation, with every scope).
 * Answers 401 itself when there is no one.
 */
function requester(ctx: RequestContext): Requester | undefined {
  const header = ctx.req.header('authorization');
  const granted = ctx.app.identities.tokenUser(header);
  if (granted) {
    return {
      user: ctx.app.identities.user(granted.login),
      scopes: granted.scope.split(',').filter(Boolean),
    };
  }
  if (header && isAuthorized(header, ctx.app.token)) {
    return { scopes: ORG_READ_SCOPES };
  }
  sendError(ctx, 401, 'Requires authentication');
  return undefined;
}

function privateUser(ctx: RequestContext, u: UserRecord) {
  return fullUser(urlsOf(ctx), u, { company: null, email: u.email });
}

function sameOrg(ctx: RequestContext): boolean {
  return ctx.params.org.toLowerCase() === ctx.app.store.org.toLowerCase();
}

export const userRoutes: RouteDef[] = [
  route(
    'GET',
    '/user',
    'core',
    `${D}/users/users#get-the-authenticated-user`,
    ctx => {
      const who = requester(ctx);
      if (!who) return;
      // The server token acts as the first generated person (as GraphQL viewer).
      sendJson(ctx, privateUser(ctx, who.user ?? ctx.app.store.users[0]));
    },
  ),
  route(
    'GET',
    '/user/emails',
    'core',
    `${D}/users/emails#list-email-addresses-for-the-authenticated-user`,
    ctx => {
      const who = requester(ctx);
      if (!who) return;
      const u = who.user ?? ctx.app.store.users[0];
      sendJson(ctx, [
        {
          email: u.email,
          primary: true,
          verified: true,
          visibility: 'private',
        },
      ]);
    },
  ),
  route(
    'GET',
    '/user/memberships/orgs/{org}',
    'core',
    `${D}/orgs/members#get-an-organization-membership-for-the-authenticated-user`,
    ctx => {
      const who = requester(ctx);
      if (!who) return;
      if (!who.scopes.some(s => ORG_READ_SCOPES.includes(s))) {
        sendError(
          ctx,
          403,
          "You need at least read:org scope or user scope to list your organization memberships. Please update your token's scopes.",
        );
        return;
      }
      const u = who.user ?? ctx.app.store.users[0];
      if (!sameOrg(ctx) || !ctx.app.identities.isMember(u.login)) {
        notFound(ctx);
        return;
      }
      const urls = urlsOf(ctx);
      const org = ctx.app.store.org;
      sendJson(ctx, {
        url: `${urls.api}/orgs/${org}/memberships/${u.login}`,
        state: 'active',
        role: 'member',
        organization_url: `${urls.api}/orgs/${org}`,
        organization: orgSimple(urls, org),
        user: simpleUser(urls, u),
      });
    },
  ),
  route(
    'GET',
    '/orgs/{org}/members/{username}',
    'core',
    `${D}/orgs/members#check-organization-membership-for-a-user`,
    ctx => {
      const who = requester(ctx);
      if (!who) return;
      const identities = ctx.app.identities;
      if (!sameOrg(ctx)) {
        notFound(ctx);
        return;
      }
      // GitHub: a requester outside the organisation is sent to the public
      // membership check instead of learning about private members.
      if (who.user && !identities.isMember(who.user.login)) {
        ctx.res
          .status(302)
          .setHeader(
            'location',
            `${ctx.app.baseUrl}/orgs/${ctx.app.store.org}/public_members/${ctx.params.username}`,
          );
        ctx.res.end();
        return;
      }
      if (!identities.isMember(ctx.params.username)) {
        notFound(
          ctx,
          'User does not exist or is not a member of the organization',
        );
        return;
      }
      ctx.res.status(204).end();
    },
  ),
];
