import type { ProtectionRecord } from '../data/model';
import type { RepoView } from '../data/store';
import type { RequestContext, RouteDef } from '../http/context';
import { sendError, sendJson } from '../http/responses';
import { branchesOf, repoRoute } from './common';
import { commitShape } from './commits';

const D = 'https://docs.github.com/rest';

export function protectionShape(
  ctx: RequestContext,
  fullName: string,
  branch: string,
  p: ProtectionRecord,
) {
  const url = `${ctx.app.baseUrl}/repos/${fullName}/branches/${branch}/protection`;
  return {
    url,
    ...(p.requiredStatusChecks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: p.strictStatusChecks,
            contexts: p.requiredStatusChecks,
            contexts_url: `${url}/required_status_checks/contexts`,
            checks: p.requiredStatusChecks.map(c => ({
              context: c,
              app_id: 15368,
            })),
          },
        }
      : {}),
    ...(p.requiredApprovingReviewCount !== null
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: p.dismissStaleReviews,
            require_code_owner_reviews: p.requireCodeOwnerReviews,
            required_approving_review_count: p.requiredApprovingReviewCount,
            require_last_push_approval: false,
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_linear_history: { enabled: p.requiredLinearHistory },
    allow_force_pushes: { enabled: p.allowForcePushes },
    allow_deletions: { enabled: p.allowDeletions },
    block_creations: { enabled: false },
    required_conversation_resolution: {
      enabled: p.requiredConversationResolution,
    },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

function branchShape(
  ctx: RequestContext,
  view: RepoView,
  name: string,
  sha: string,
) {
  const r = view.record;
  const fullName = `${ctx.app.store.org}/${r.name}`;
  const isDefault = name === r.defaultBranch;
  const p = isDefault ? r.protection : null;
  return {
    name,
    commit: commitShape(ctx, view, sha),
    _links: {
      self: `${ctx.app.baseUrl}/repos/${fullName}/branches/${name}`,
      html: `${ctx.app.baseUrl}/${fullName}/tree/${name}`,
    },
    protected: p !== null,
    protection: {
      enabled: p !== null,
      required_status_checks: {
        enforcement_level: p?.requiredStatusChecks ? 'non_admins' : 'off',
        contexts: p?.requiredStatusChecks ?? [],
        checks: (p?.requiredStatusChecks ?? []).map(c => ({
          context: c,
          app_id: 15368,
        })),
      },
    },
    protection_url: `${ctx.app.baseUrl}/repos/${fullName}/branches/${name}/protection`,
  };
}

export const branchRoutes: RouteDef[] = [
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/branches',
    'core',
    `${D}/branches/branches#list-branches`,
    (ctx, found) => {
      const fullName = `${ctx.app.store.org}/${found.view.record.name}`;
      sendJson(
        ctx,
        branchesOf(found.view).map(b => ({
          name: b.name,
          commit: {
            sha: b.sha,
            url: `${ctx.app.baseUrl}/repos/${fullName}/commits/${b.sha}`,
          },
          protected:
            b.name === found.view.record.defaultBranch &&
            found.view.record.protection !== null,
        })),
      );
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch+}/protection',
    'core',
    `${D}/branches/branch-protection#get-branch-protection`,
    (ctx, found) => {
      const r = found.view.record;
      const branch = branchesOf(found.view).find(
        b => b.name === ctx.params.branch,
      );
      if (!branch) {
        sendError(ctx, 404, 'Branch not found');
        return;
      }
      if (branch.name !== r.defaultBranch || !r.protection) {
        sendError(ctx, 404, 'Branch not protected');
        return;
      }
      sendJson(
        ctx,
        protectionShape(
          ctx,
          `${ctx.app.store.org}/${r.name}`,
          branch.name,
          r.protection,
        ),
      );
    },
  ),
  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch+}',
    'core',
    `${D}/branches/branches#get-a-branch`,
    (ctx, found) => {
      const branch = branchesOf(found.view).find(
        b => b.name === ctx.params.branch,
      );
      if (!branch) {
        sendError(ctx, 404, 'Branch not found');
        return;
      }
      sendJson(ctx, branchShape(ctx, found.view, branch.name, branch.sha));
    },
  ),
];
