import { parseRequest } from '@internal/backstage-plugin-portal-node';
import type { Router } from 'express';
import { RouteContext } from './context';
import { exemptionBody, exemptionParams, exemptionsQuery } from './schemas';

/** Exemptions from checks (list, create, revoke) and the audit trail. */
export function addExemptionRoutes(router: Router, context: RouteContext) {
  const { access, exemptions } = context;

  router.get('/scorecards/exemptions', async (req, res) => {
    await access.authorizeRead(req);
    const query = parseRequest(exemptionsQuery, req.query, 'query');
    res.json({ items: await exemptions.list(query.entityRef) });
  });

  router.post('/scorecards/exemptions', async (req, res) => {
    const body = parseRequest(exemptionBody, req.body);
    res.status(201).json(await exemptions.create(req, body));
  });

  router.post('/scorecards/exemptions/:id/revoke', async (req, res) => {
    const { id } = parseRequest(exemptionParams, req.params, 'params');
    res.json(await exemptions.revoke(req, id));
  });

  router.get('/scorecards/audit', async (req, res) => {
    await access.authorizeRead(req);
    const query = parseRequest(exemptionsQuery, req.query, 'query');
    res.json({ items: await exemptions.auditTrail(query.entityRef) });
  });
}
