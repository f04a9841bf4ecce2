import {
  ApprovalDecisionResponse,
  DeadLetterApproval,
  ItemsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Router } from 'express';
import { ApprovalService } from '../approvals/ApprovalService';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import { RouteContext } from './context';
import {
  approvalListQuerySchema,
  approvalParamsSchema,
  approveBodySchema,
  refuseBodySchema,
} from './schemas';

/**
 * The four-eyes routes: list requests (with whether the caller may decide
 * each), approve, refuse. Decisions are the service's.
 */
export function addApprovalRoutes(
  router: Router,
  context: RouteContext & { approvals: ApprovalService },
) {
  const { approvals, httpAuth, reader } = context;

  router.get('/approvals', async (req, res) => {
    const query = parseRequest(approvalListQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    await reader.authorize(credentials);
    const body: ItemsResponse<DeadLetterApproval> = {
      items: await approvals.list(credentials, {
        environment: query.environment,
        states: query.state ? [query.state] : undefined,
        limit: query.limit,
      }),
    };
    res.json(body);
  });

  router.get('/approvals/:id', async (req, res) => {
    const { id } = parseRequest(approvalParamsSchema, req.params, 'params');
    const credentials = await httpAuth.credentials(req);
    await reader.authorize(credentials);
    const body: ApprovalDecisionResponse = {
      approval: await approvals.get(credentials, id),
    };
    res.json(body);
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    const { id } = parseRequest(approvalParamsSchema, req.params, 'params');
    parseRequest(approveBodySchema, req.body ?? {});
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body: ApprovalDecisionResponse = {
      approval: await approvals.approve(req, credentials, id),
    };
    res.json(body);
  });

  router.post('/approvals/:id/refuse', async (req, res) => {
    const { id } = parseRequest(approvalParamsSchema, req.params, 'params');
    const { reason } = parseRequest(refuseBodySchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body: ApprovalDecisionResponse = {
      approval: await approvals.refuse(req, credentials, id, reason),
    };
    res.json(body);
  });
}
