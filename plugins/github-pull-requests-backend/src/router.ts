import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { githubPullRequestsReadPermission } from '@internal/backstage-plugin-github-pull-requests-common';
import {
  entityNameSchema,
  parseRequest,
} from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { PullRequestService } from './services/PullRequestService';

const groupParamsSchema = z.object({
  namespace: entityNameSchema,
  name: entityNameSchema,
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  pullRequests: PullRequestService;
}): Promise<express.Router> {
  const { httpAuth, permissions, pullRequests } = options;
  const router = Router();

  async function authorizeRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: githubPullRequestsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read GitHub pull requests');
    }
  }

  /**
   * A group's open pull requests by review state. Not configured and rate
   * limited are 200s with their own `status`, so the card can say so; GitHub
   * failing is a 502.
   */
  router.get('/groups/:namespace/:name/pull-requests', async (req, res) => {
    const group = parseRequest(groupParamsSchema, req.params, 'params');
    await authorizeRead(req);
    res.json(await pullRequests.forGroup(group));
  });

  return router;
}
