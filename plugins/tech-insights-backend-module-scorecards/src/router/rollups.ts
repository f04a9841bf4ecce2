import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Router } from 'express';
import { RouteContext } from './context';
import { exportQuery, groupParams, trendsQuery } from './schemas';

/** Roll-ups: the maturity matrix, group scorecards, trends, CSV export. */
export function addRollupRoutes(router: Router, context: RouteContext) {
  const { access, scorecards } = context;

  router.get('/scorecards/matrix', async (req, res) => {
    await access.authorizeRead(req);
    res.json(await scorecards.matrix());
  });

  router.get('/scorecards/groups/:namespace/:name', async (req, res) => {
    await access.authorizeRead(req);
    const params = parseRequest(groupParams, req.params, 'params');
    const groupRef =
      `group:${params.namespace}/${params.name}`.toLocaleLowerCase('en-US');
    res.json(await scorecards.group(groupRef));
  });

  router.get('/scorecards/trends', async (req, res) => {
    await access.authorizeRead(req);
    const query = parseRequest(trendsQuery, req.query, 'query');
    res.json(await scorecards.trend(query));
  });

  router.get('/scorecards/export.csv', async (req, res) => {
    await access.authorizeRead(req);
    const query = parseRequest(exportQuery, req.query, 'query');
    const csv = await scorecards.exportCsv(query.group);
    const name = query.group
      ? query.group.replace(/[^a-z0-9-]+/g, '-')
      : 'organisation';
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set(
        'content-disposition',
        `attachment; filename="scorecards-${name}.csv"`,
      )
      .send(csv);
  });
}
