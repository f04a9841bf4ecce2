import { squadSlug } from '../data/generator/core';
import type { ProtectionRecord, TeamRecord, Visibility } from '../data/model';
import { RepoExists } from '../data/errors';
import { SQUADS } from '../data/vocabulary';
import type { RequestContext, RouteDef } from '../http/context';
import { notFound, sendError, sendJson } from '../http/responses';
import { route } from '../http/router';
import {
  branchesOf,
  FoundRepo,
  repoRoute,
  requireOrg,
  requireRepo,
  requireTeam,
  urlsOf,
} from './common';
import { protectionShape } from './branches';
import { validationFailed } from './repos';
import { adminPermissions, fullRepository } from './repoShapes';
import { teamSimple } from './shapes';

/*
 * The writes `publish:github` (and the repository actions around it) make:
 * creating a repository, then topics, team and collaborator access and
 * branch protection on it. GitHub's status codes and validation messages.
 */

const D = 'https://docs.github.com/rest';

type Body = Record<string, any>;

const body = (ctx: RequestContext): Body =>
  ctx.req.body && typeof ctx.req.body === 'object' ? ctx.req.body : {};

const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'];

function noContent(ctx: RequestContext) {
  ctx.res.status(204).end();
}

/** GitHub replaces every run of characters it does not allow in a name with a hyphen. */
function normaliseRepoName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

async function createOrgRepo(ctx: RequestContext) {
  if (!requireOrg(ctx)) return;
  const store = ctx.app.store;
  const b = body(ctx);
  const failed = (error: Record<string, unknown>) =>
    sendError(ctx, 422, 'Repository creation failed.', ctx.route.docs, {
      errors: [{ resource: 'Repository', ...error }],
    });
  if (typeof b.name !== 'string' || b.name.trim() === '') {
    failed({ code: 'missing_field', field: 'name' });
    return;
  }
  const name = normaliseRepoName(b.name.trim());
  if (name.length > 100 || name === '.' || name === '..') {
    failed({ code: 'custom', field: 'name', message: 'name is invalid' });
    return;
  }
  let visibility: Visibility = b.private === true ? 'private' : 'public';
  if (b.visibility !== undefined && b.visibility !== null) {
    if (!['public', 'private', 'internal'].includes(b.visibility)) {
      validationFailed(ctx, [
        { resource: 'Repository', code: 'invalid', field: 'visibility' },
      ]);
      return;
    }
    visibility = b.visibility;
  }
  let squad: number | undefined;
  const props = b.custom_properties;
  if (props && typeof props === 'object' && props.squad !== undefined) {
    const i = SQUADS.findIndex((_, n) => squadSlug(n) === props.squad);
    if (i < 0) {
      validationFailed(ctx, [
        {
          resource: 'Repository',
          code: 'invalid',
          field: 'custom_properties',
          message: `${props.squad} is not a valid value for squad`,
        },
      ]);
      return;
    }
    squad = i;
  }
  try {
    const repo = await store.createRepo({
      name,
      description: typeof b.description === 'string' ? b.description : null,
      homepage: typeof b.homepage === 'string' ? b.homepage : null,
      visibility,
      defaultBranch: 'main',
      squad,
      autoInit: b.auto_init === true,
    });
    ctx.app.stats.countRepoCreated();
    const shape = fullRepository(urlsOf(ctx), store, repo.record);
    sendJson(
      ctx,
      {
        ...shape,
        // The creator administers what it created.
        permissions: adminPermissions(),
      },
      { status: 201 },
    );
  } catch (e) {
    if (e instanceof RepoExists) {
      failed({
        code: 'custom',
        field: 'name',
        message: 'name already exists on this account',
      });
      return;
    }
    throw e;
  }
}

/** A route on a team's access to a repository: 404 unless both exist. */
function teamRepoRoute(
  method: RouteDef['method'],
  docs: string,
  handler: (ctx: RequestContext, team: TeamRecord, found: FoundRepo) => void,
): RouteDef {
  return route(
    method,
    '/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}',
    'core',
    docs,
    ctx => {
      const team = requireTeam(ctx);
      if (!team) return;
      const found = requireRepo(ctx);
      if (found) handler(ctx, team, found);
    },
  );
}

/** The teams with access: the squad's own (push), and any given access through the API. */
function teamAccess(
  ctx: RequestContext,
  record: { squad: number; teamPermissions?: Record<string, string> },
): Array<{ team: TeamRecord; permission: string }> {
  const store = ctx.app.store;
  const out = new Map<string, { team: TeamRecord; permission: string }>();
  if (record.squad >= 0) {
    const own = store.team(squadSlug(record.squad));
    if (own) out.set(own.slug, { team: own, permission: 'push' });
  }
  for (const [slug, permission] of Object.entries(
    record.teamPermissions ?? {},
  )) {
    const team = store.team(slug);
    if (team) out.set(slug, { team, permission });
  }
  return [...out.values()];
}

function parseProtection(
  ctx: RequestContext,
  b: Body,
): ProtectionRecord | undefined {
  for (const key of [
    'required_status_checks',
    'enforce_admins',
    'required_pull_request_reviews',
    'restrictions',
  ]) {
    if (!(key in b)) {
      sendError(ctx, 422, `Invalid request.\n\n"${key}" wasn't supplied.`);
      return undefined;
    }
  }
  const checks = b.required_status_checks;
  const reviews = b.required_pull_request_reviews;
  const count = reviews?.required_approving_review_count ?? 1;
  if (
    reviews &&
    (!Number.isInteger(count) || count < 0 || count > 6 || count === null)
  ) {
    sendError(
      ctx,
      422,
      'Invalid request.\n\nrequired_approving_review_count must be between 0 and 6.',
    );
    return undefined;
  }
  let contexts: string[] | null = null;
  if (checks) {
    contexts = Array.isArray(checks.contexts)
      ? checks.contexts.map(String)
      : (checks.checks ?? []).map((c: { context: string }) => c.context);
  }
  return {
    requiredApprovingReviewCount: reviews ? count : null,
    dismissStaleReviews: Boolean(reviews?.dismiss_stale_reviews),
    requireCodeOwnerReviews: Boolean(reviews?.require_code_owner_reviews),
    requiredStatusChecks: contexts,
    strictStatusChecks: Boolean(checks?.strict),
    enforceAdmins: Boolean(b.enforce_admins),
    requiredLinearHistory: Boolean(b.required_linear_history),
    allowForcePushes: Boolean(b.allow_force_pushes),
    allowDeletions: Boolean(b.allow_deletions),
    requiredConversationResolution: Boolean(b.required_conversation_resolution),
  };
}

/** The branch named in the path, when it exists and is the default one (the only one protection is modelled for). */
function protectableBranch(ctx: RequestContext) {
  const found = requireRepo(ctx);
  if (!found) return undefined;
  const r = found.view.record;
  const branch = branchesOf(found.view).find(b => b.name === ctx.params.branch);
  if (!branch) {
    sendError(ctx, 404, 'Branch not found');
    return undefined;
  }
  if (branch.name !== r.defaultBranch) {
    sendError(
      ctx,
      422,
      'Branch protection is only modelled for the default branch by this local GitHub.',
    );
    return undefined;
  }
  return { record: r, branch: branch.name };
}

const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

export const writeRoutes: RouteDef[] = [
  route(
    'POST',
    '/orgs/{org}/repos',
    'core',
    `${D}/repos/repos#create-an-organization-repository`,
    createOrgRepo,
  ),
  repoRoute(
    'DELETE',
    '/repos/{owner}/{repo}',
    'core',
    `${D}/repos/repos#delete-a-repository`,
    async (ctx, found) => {
      const store = ctx.app.store;
      const created = store.created.get(found.index);
      if (created) await store.deleteCreated(created);
      else store.deleteRepos([found.view.record.name]);
      ctx.app.stats.countRepoDeleted();
      noContent(ctx);
    },
  ),
  repoRoute(
    'PUT',
    '/repos/{owner}/{repo}/topics',
    'core',
    `${D}/repos/repos#replace-all-repository-topics`,
    (ctx, found) => {
      const names = body(ctx).names;
      if (!Array.isArray(names)) {
        validationFailed(ctx, [
          { resource: 'Repository', code: 'missing_field', field: 'names' },
        ]);
        return;
      }
      const topics = names.map(n => String(n).toLowerCase());
      if (topics.length > 20 || topics.some(t => !TOPIC.test(t))) {
        validationFailed(ctx, [
          {
            resource: 'Repository',
            field: 'topics',
            code: 'invalid',
            message:
              'Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.',
          },
        ]);
        return;
      }
      sendJson(ctx, {
        names: ctx.app.store.setTopics(found.view.record.name, topics),
      });
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/teams',
    'core',
    `${D}/repos/repos#list-repository-teams`,
    (ctx, found) => {
      sendJson(
        ctx,
        teamAccess(ctx, found.view.record).map(({ team, permission }) => ({
          ...teamSimple(urlsOf(ctx), ctx.app.store, team),
          permission,
        })),
      );
    },
  ),
  teamRepoRoute(
    'PUT',
    `${D}/teams/teams#add-or-update-team-repository-permissions`,
    (ctx, team, found) => {
      const permission = body(ctx).permission ?? 'push';
      if (!PERMISSIONS.includes(permission)) {
        validationFailed(ctx, [
          { resource: 'Team', code: 'invalid', field: 'permission' },
        ]);
        return;
      }
      ctx.app.store.setTeamPermission(found.view.record.name, team, permission);
      noContent(ctx);
    },
  ),
  teamRepoRoute(
    'GET',
    `${D}/teams/teams#check-team-permissions-for-a-repository`,
    (ctx, team, found) => {
      const access = teamAccess(ctx, found.view.record).find(
        a => a.team.slug === team.slug,
      );
      if (!access) {
        notFound(ctx);
        return;
      }
      if (
        !/application\/vnd\.github(\.v3)?\.repository\+json/i.test(
          ctx.req.header('accept') ?? '',
        )
      ) {
        noContent(ctx);
        return;
      }
      const level = PERMISSIONS.indexOf(access.permission);
      sendJson(ctx, {
        ...fullRepository(urlsOf(ctx), ctx.app.store, found.view.record),
        role_name: access.permission,
        permissions: Object.fromEntries(
          PERMISSIONS.map((p, i) => [p, i <= level]),
        ),
      });
    },
  ),
  repoRoute(
    'PUT',
    '/repos/{owner}/{repo}/collaborators/{username}',
    'core',
    `${D}/collaborators/collaborators#add-a-repository-collaborator`,
    (ctx, found) => {
      const user = ctx.app.store.user(ctx.params.username);
      if (!user || user.type !== 'User') {
        notFound(ctx);
        return;
      }
      const permission = body(ctx).permission ?? 'push';
      if (!PERMISSIONS.includes(permission)) {
        validationFailed(ctx, [
          { resource: 'Repository', code: 'invalid', field: 'permission' },
        ]);
        return;
      }
      ctx.app.store.setCollaborator(
        found.view.record.name,
        user.login,
        permission,
      );
      // Organisation members are added directly, without an invitation.
      noContent(ctx);
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}',
    'core',
    `${D}/collaborators/collaborators#check-if-a-user-is-a-repository-collaborator`,
    (ctx, found) => {
      const user = ctx.app.store.user(ctx.params.username);
      const collaborators = found.view.record.collaborators ?? {};
      if (!user || !(user.login in collaborators)) {
        notFound(ctx);
        return;
      }
      noContent(ctx);
    },
  ),
  route(
    'PUT',
    '/repos/{owner}/{repo}/branches/{branch+}/protection',
    'core',
    `${D}/branches/branch-protection#update-branch-protection`,
    ctx => {
      const target = protectableBranch(ctx);
      if (!target) return;
      const protection = parseProtection(ctx, body(ctx));
      if (!protection) return;
      ctx.app.store.setProtection(target.record.name, protection);
      sendJson(
        ctx,
        protectionShape(
          ctx,
          `${ctx.app.store.org}/${target.record.name}`,
          target.branch,
          protection,
        ),
      );
    },
  ),
  route(
    'DELETE',
    '/repos/{owner}/{repo}/branches/{branch+}/protection',
    'core',
    `${D}/branches/branch-protection#delete-branch-protection`,
    ctx => {
      const target = protectableBranch(ctx);
      if (!target) return;
      if (!target.record.protection) {
        sendError(ctx, 404, 'Branch not protected');
        return;
      }
      ctx.app.store.setProtection(target.record.name, null);
      noContent(ctx);
    },
  ),
];
