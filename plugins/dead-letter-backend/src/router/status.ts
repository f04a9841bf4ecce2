import {
  DeadLetterQueueConflict,
  EnvironmentsResponse,
  ItemsResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Router } from 'express';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import { RouteContext } from './context';
import { auditQuerySchema } from './schemas';

/** How capturing is doing, rejected queue claims, and what was done (audit log). */
export function addStatusRoutes(router: Router, context: RouteContext) {
  const { httpAuth, reader } = context;

  router.get('/environments', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body: EnvironmentsResponse = {
      items: await reader.environments(credentials),
    };
    res.json(body);
  });

  router.get('/queue-conflicts', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body: ItemsResponse<DeadLetterQueueConflict> = {
      items: await reader.queueConflicts(credentials),
    };
    res.json(body);
  });

  router.get('/audit', async (req, res) => {
    const query = parseRequest(auditQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(await reader.auditLog(credentials, query));
  });
}
