import type { Router } from 'express';
import {
  ItemsResponse,
  DeadLetterCount,
  DeadLetterFailureGroup,
} from '@internal/backstage-plugin-dead-letter-common';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import { RouteContext } from './context';
import {
  actionBodySchema,
  countsQuerySchema,
  groupsQuerySchema,
  listQuerySchema,
} from './schemas';

/** Messages: list, one with its content, counts, failure groups, discard and restore. */
export function addMessageRoutes(router: Router, context: RouteContext) {
  const { httpAuth, reader, actions, checkEnvironment } = context;

  router.get('/messages', async (req, res) => {
    const query = parseRequest(listQuerySchema, req.query, 'query');
    checkEnvironment(query.environment);
    const credentials = await httpAuth.credentials(req);
    res.json(
      await reader.listMessages(credentials, {
        environment: query.environment,
        states: query.state,
        ownerRefs: query.owner,
        includeUnowned: query.unowned === 'true',
        componentRef: query.component,
        sourceQueue: query.queue,
        reason: query.reason,
        groupFingerprint: query.group,
        from: query.from,
        to: query.to,
        text: query.q,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  });

  router.get('/messages/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await reader.getMessage(req, credentials, req.params.id));
  });

  router.get('/counts', async (req, res) => {
    const query = parseRequest(countsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const body: ItemsResponse<DeadLetterCount> = {
      items: await reader.counts(credentials, {
        ownerRefs: query.owner,
        states: query.state,
      }),
    };
    res.json(body);
  });

  router.get('/groups', async (req, res) => {
    const query = parseRequest(groupsQuerySchema, req.query, 'query');
    checkEnvironment(query.environment);
    const credentials = await httpAuth.credentials(req);
    const body: ItemsResponse<DeadLetterFailureGroup> = {
      items: await reader.failureGroups(credentials, {
        environment: query.environment,
        ownerRefs: query.owner,
        states: query.state,
      }),
    };
    res.json(body);
  });

  router.post('/messages/discard', async (req, res) => {
    const { ids } = parseRequest(actionBodySchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await actions.discard(req, credentials, ids));
  });

  router.post('/messages/restore', async (req, res) => {
    const { ids } = parseRequest(actionBodySchema, req.body);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await actions.restore(req, credentials, ids));
  });
}
