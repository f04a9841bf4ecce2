import { InputError } from '@backstage/errors';
import {
  CancelReplayResponse,
  ItemsResponse,
  ReplayJob,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Router } from 'express';
import { parseRequest } from '@internal/backstage-plugin-portal-node';
import { RouteContext } from './context';
import {
  replayBodySchema,
  replayListQuerySchema,
  replayTargetsQuerySchema,
} from './schemas';

/** Replay jobs: start (or ask approval for), list, read, cancel; where to. */
export function addReplayRoutes(router: Router, context: RouteContext) {
  const { httpAuth, reader, actions, replayTargets, checkEnvironment } =
    context;

  router.post('/replays', async (req, res) => {
    const body = parseRequest(replayBodySchema, req.body);
    const filter = body.filter;
    if (filter) {
      checkEnvironment(filter.environment, 'filter.environment');
      if (
        filter.from !== undefined &&
        filter.to !== undefined &&
        new Date(filter.to) <= new Date(filter.from)
      ) {
        throw new InputError(
          'Invalid request: filter.to: must be after filter.from',
        );
      }
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.status(202).json(await actions.replay(req, credentials, body));
  });

  router.get('/replay-targets', async (req, res) => {
    const query = parseRequest(replayTargetsQuerySchema, req.query, 'query');
    checkEnvironment(query.environment);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await replayTargets.list(credentials));
  });

  router.get('/replays', async (req, res) => {
    const query = parseRequest(replayListQuerySchema, req.query, 'query');
    checkEnvironment(query.environment);
    const credentials = await httpAuth.credentials(req);
    const body: ItemsResponse<ReplayJob> = {
      items: await reader.listReplays(credentials, query),
    };
    res.json(body);
  });

  router.get('/replays/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await reader.getReplay(credentials, req.params.id));
  });

  router.post('/replays/:id/cancel', async (req, res) => {
    const job = await actions.replayJob(req.params.id);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body: Partial<CancelReplayResponse> = await actions.cancelReplay(
      req,
      credentials,
      job,
    );
    res.json(body);
  });
}
