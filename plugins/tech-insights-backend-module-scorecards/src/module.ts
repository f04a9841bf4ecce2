import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { JsonRulesEngineFactCheckerFactory } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  techInsightsFactCheckerFactoryExtensionPoint,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
import { scorecardPermissions } from '@internal/backstage-plugin-tech-insights-common';
import { FactRefresher } from './evaluation/FactRefresher';
import { FactsReader } from './evaluation/FactsReader';
import { ScorecardEvaluator } from './evaluation/ScorecardEvaluator';
import { createFactRetrievers } from './retrievers';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createScorecardsRouter } from './router';
import { ScorecardStore } from './store/ScorecardStore';
import { EvaluationTask } from './tasks/EvaluationTask';
import { readTracks } from './tracks/readTracks';
import { toJsonRulesChecks } from './tracks/toJsonRulesChecks';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

/**
 * Scorecards on the community tech-insights backend: the portal's fact
 * retrievers, tracks of levelled checks evaluated over all stored facts on
 * a schedule (and per component on demand), results with history, group
 * roll-ups and exemptions, under /api/tech-insights/scorecards. The same
 * checks are given to the json-rules-engine fact checker, so the community
 * /checks/run endpoints evaluate them too.
 */
export const techInsightsModuleScorecards = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'scorecards',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        retrievers: techInsightsFactRetrieversExtensionPoint,
        factChecker: techInsightsFactCheckerFactoryExtensionPoint,
      },
      async init(deps) {
        const { config, logger, database, scheduler } = deps;
        const tracks = readTracks(config);
        const factRetrievers = createFactRetrievers({ catalog: deps.catalog });
        deps.retrievers.addFactRetrievers(factRetrievers);
        deps.factChecker.setFactCheckerFactory(
          new JsonRulesEngineFactCheckerFactory({
            checks: toJsonRulesChecks(tracks),
            logger,
          }),
        );
        deps.permissionsRegistry.addPermissions(scorecardPermissions);

        const store = await ScorecardStore.create({ database });
        const evaluator = new ScorecardEvaluator({
          tracks,
          store,
          facts: new FactsReader(store.knex),
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
        });
        const refresher = new FactRefresher({
          retrievers: Object.values(factRetrievers),
          knex: store.knex,
          config,
          discovery: deps.discovery,
          logger,
          auth: deps.auth,
          urlReader: deps.urlReader,
        });

        const schedule = config.has('techInsights.scorecards.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('techInsights.scorecards.schedule'),
            )
          : DEFAULT_SCHEDULE;
        const trendDays =
          config.getOptionalNumber('techInsights.scorecards.trendDays') ?? 400;
        await new EvaluationTask({
          evaluator,
          store,
          schedule,
          trendDays,
        }).start(scheduler);

        deps.httpRouter.use(
          await createScorecardsRouter({
            tracks,
            store,
            evaluator,
            refresher,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger,
          }),
        );
      },
    });
  },
});
