import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Router } from 'express';
import { RouteContext } from './context';
import { entityParams, entityRefOf } from './schemas';

/** Tracks, one component's scorecard and history, re-runs, evaluate all. */
export function addEntityRoutes(router: Router, context: RouteContext) {
  const { access, scorecards } = context;

  router.get('/scorecards/tracks', async (req, res) => {
    await access.authorizeRead(req);
    res.json({ items: scorecards.tracks() });
  });

  router.get(
    '/scorecards/entities/:namespace/:kind/:name',
    async (req, res) => {
      await access.authorizeRead(req);
      const entityRef = entityRefOf(
        parseRequest(entityParams, req.params, 'params'),
      );
      res.json(await scorecards.scorecard(entityRef));
    },
  );

  router.post(
    '/scorecards/entities/:namespace/:kind/:name/run',
    async (req, res) => {
      const entityRef = entityRefOf(
        parseRequest(entityParams, req.params, 'params'),
      );
      res.json(await scorecards.rerun(req, entityRef));
    },
  );

  router.get(
    '/scorecards/entities/:namespace/:kind/:name/history',
    async (req, res) => {
      await access.authorizeRead(req);
      const entityRef = entityRefOf(
        parseRequest(entityParams, req.params, 'params'),
      );
      res.json(await scorecards.history(entityRef));
    },
  );

  router.post('/scorecards/evaluate', async (req, res) => {
    res.json(await scorecards.evaluateAll(req));
  });
}
