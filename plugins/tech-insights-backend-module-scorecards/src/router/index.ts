import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ScorecardTrack } from '@internal/backstage-plugin-tech-insights-common';
import express from 'express';
import Router from 'express-promise-router';
import { FactRefresher } from '../evaluation/FactRefresher';
import { ScorecardEvaluator } from '../evaluation/ScorecardEvaluator';
import { ExemptionService } from '../service/ExemptionService';
import { ScorecardAccess } from '../service/ScorecardAccess';
import { ScorecardService } from '../service/ScorecardService';
import { ScorecardStore } from '../store/ScorecardStore';
import { RouteContext } from './context';
import { addEntityRoutes } from './entities';
import { addExemptionRoutes } from './exemptions';
import { addRollupRoutes } from './rollups';

/**
 * The scorecards API, mounted on the tech-insights plugin's router under
 * /scorecards. Routes validate requests and call the services, which hold
 * the rules: reads come from precomputed results; changes check
 * permissions per component and are audited.
 */
export async function createScorecardsRouter(options: {
  tracks: ScorecardTrack[];
  store: ScorecardStore;
  evaluator: ScorecardEvaluator;
  refresher: FactRefresher;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): Promise<express.Router> {
  const { tracks, store, evaluator } = options;
  const access = new ScorecardAccess(options);
  const context: RouteContext = {
    access,
    scorecards: new ScorecardService({
      tracks,
      store,
      evaluator,
      refresher: options.refresher,
      access,
    }),
    exemptions: new ExemptionService({ tracks, store, evaluator, access }),
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  addEntityRoutes(router, context);
  addExemptionRoutes(router, context);
  addRollupRoutes(router, context);
  return router;
}
