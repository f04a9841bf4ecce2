import { jsonBody } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { ArchiveQueries } from '../services/ArchiveQueries';
import { JobService } from '../services/JobService';
import { addArchiveRoutes } from './archive';
import { addJobRoutes } from './jobs';

/**
 * The reconstitution API: each route validates its request and calls a
 * service, which holds the rules (permissions, audit).
 */
export async function createRouter(options: {
  archive: ArchiveQueries;
  jobs: JobService;
}): Promise<express.Router> {
  const router = Router();
  // 100,000 entity ids are a few MB of JSON.
  router.use(jsonBody({ limit: '10mb' }));
  addArchiveRoutes(router, options.archive);
  addJobRoutes(router, options.jobs);
  return router;
}
