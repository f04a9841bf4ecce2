import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Router } from 'express';
import { JobService } from '../services/JobService';
import { approveSchema, jobSchema, listSchema, refuseSchema } from './schemas';

/** Reconstitution jobs: list, detail, create, cancel, approve, refuse. */
export function addJobRoutes(router: Router, jobs: JobService) {
  router.post('/jobs', async (req, res) => {
    const request = parseRequest(jobSchema, req.body);
    res.status(201).json({ job: await jobs.create(req, request) });
  });

  router.get('/jobs', async (req, res) => {
    const query = parseRequest(listSchema, req.query, 'query');
    res.json(
      await jobs.list(req, {
        states: query.state,
        environment: query.environment,
        receiverRef: query.receiver,
        createdBy: query.createdBy,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  });

  router.get('/jobs/:id', async (req, res) => {
    res.json(await jobs.detail(req, req.params.id));
  });

  router.post('/jobs/:id/cancel', async (req, res) => {
    res.json({ job: await jobs.cancel(req, req.params.id) });
  });

  router.post('/jobs/:id/approve', async (req, res) => {
    parseRequest(approveSchema, req.body ?? {});
    res.json({ job: await jobs.approve(req, req.params.id) });
  });

  router.post('/jobs/:id/refuse', async (req, res) => {
    const { reason } = parseRequest(refuseSchema, req.body);
    res.json({ job: await jobs.refuse(req, req.params.id, reason) });
  });
}
