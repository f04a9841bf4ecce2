import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Router } from 'express';
import { ArchiveQueries } from '../services/ArchiveQueries';
import { dryRunSchema, producersQuerySchema } from './schemas';

/** What jobs are made of: the archive, producers, receivers, dry runs. */
export function addArchiveRoutes(router: Router, archive: ArchiveQueries) {
  router.get('/archive', async (req, res) => {
    res.json({ items: await archive.status(req) });
  });

  router.get('/producers', async (req, res) => {
    const query = parseRequest(producersQuerySchema, req.query, 'query');
    res.json({ items: await archive.producers(req, query.environment) });
  });

  router.get('/receivers', async (req, res) => {
    res.json({ items: await archive.receivers(req) });
  });

  router.post('/dry-run', async (req, res) => {
    const { sampleSize, ...selection } = parseRequest(dryRunSchema, req.body);
    res.json(await archive.dryRun(req, selection, sampleSize));
  });
}
