import {
  coreServices,
  createBackendPlugin,
  LoggerService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  deadLetterPermissions,
  deadLetterReplayTargetPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  AmqpEnvironments,
  amqpEnvironmentsServiceRef,
} from '@internal/amqp-node';
import { queueRegistryServiceRef } from '@internal/backstage-plugin-queue-registry-node';
import { createRouter } from './router';
import { readDeadLetterConfig } from './config';
import { DeadLetterDatabase } from './database';
import { QueueOwnerIndex } from './services/QueueOwnerIndex';
import { CaptureService } from './capture/CaptureService';
import { QueueDiscovery } from './capture/QueueDiscovery';
import { ReplayWorker } from './replay/ReplayWorker';
import {
  deadLetterMessageResourceRef,
  deadLetterQueueResourceRef,
  deadLetterQueueRules,
  deadLetterRules,
} from './permissions';
import { BodyAccessService } from './services/BodyAccess';
import { ReplayTargets } from './services/ReplayTargets';
import { ApprovalService } from './approvals/ApprovalService';
import { readApprovalSettings } from './approvals/config';
import { createHttpNotifier } from './approvals/notify';
import { ApprovalSweepTask } from './tasks/ApprovalSweepTask';
import { QueueOwnerRefreshTask } from './tasks/QueueOwnerRefreshTask';
import { RetentionTask } from './tasks/RetentionTask';

type Settings = ReturnType<typeof readDeadLetterConfig>;

/** Messages and queues as resources of the permission framework's rules. */
function registerResourceTypes(
  registry: PermissionsRegistryService,
  database: DeadLetterDatabase,
  owners: QueueOwnerIndex,
) {
  registry.addResourceType({
    resourceRef: deadLetterMessageResourceRef,
    permissions: deadLetterPermissions,
    rules: Object.values(deadLetterRules),
    getResources: async ids => {
      const found = await database.resources.resources(ids);
      return ids.map(id => found.find(r => r.id === id.toLowerCase()));
    },
  });
  registry.addResourceType({
    resourceRef: deadLetterQueueResourceRef,
    permissions: [deadLetterReplayTargetPermission],
    rules: Object.values(deadLetterQueueRules),
    getResources: async names =>
      names.map(queue => ({
        queue,
        ownerRef: owners.lookup(queue)?.ownerRef,
      })),
  });
}

/** The configured queues of every environment that has a broker. */
function createCapture(
  settings: Settings,
  deps: { amqp: AmqpEnvironments; logger: LoggerService },
  database: DeadLetterDatabase,
  owners: QueueOwnerIndex,
) {
  const { amqp, logger } = deps;
  const queues = settings.environments.flatMap(environment => {
    const broker = amqp.get(environment.name);
    if (!broker) {
      logger.warn(
        `Dead letters of '${environment.name}' are not captured: amqp.environments.${environment.name}.url is not configured`,
      );
      return [];
    }
    return environment.queues.map(queue => ({
      environment: broker,
      queue,
      prefetch: environment.prefetch,
      batchSize: environment.batchSize,
      flushIntervalMs: 50,
      messageTypeHeaders: environment.messageTypeHeaders,
    }));
  });
  return CaptureService.create({ queues, database, owners, logger });
}

/** Queues found by name pattern, where discovery is configured. */
function createDiscovery(
  settings: Settings,
  deps: { amqp: AmqpEnvironments; logger: LoggerService },
  capture: CaptureService,
) {
  return new QueueDiscovery({
    configs: settings.environments.flatMap(environment =>
      environment.discovery && deps.amqp.get(environment.name)
        ? [
            {
              ...environment.discovery,
              environment: environment.name,
              prefetch: environment.prefetch,
              batchSize: environment.batchSize,
              messageTypeHeaders: environment.messageTypeHeaders,
            },
          ]
        : [],
    ),
    capture,
    amqp: deps.amqp,
    logger: deps.logger,
  });
}

/**
 * Captures dead-lettered RabbitMQ messages into the database and serves them
 * to the portal.
 *
 * @public
 */
export const deadLetterPlugin = createBackendPlugin({
  pluginId: 'dead-letter',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        amqp: amqpEnvironmentsServiceRef,
        registry: queueRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, amqp, scheduler, lifecycle } = deps;
        const settings = readDeadLetterConfig(config);
        const environments = settings.environments.map(e => e.name);
        const database = await DeadLetterDatabase.create({
          database: deps.database,
        });
        const owners = QueueOwnerIndex.create(deps);
        const capture = createCapture(settings, deps, database, owners);
        registerResourceTypes(deps.permissionsRegistry, database, owners);

        await new QueueOwnerRefreshTask({
          owners,
          store: database.owners,
          logger,
          frequencyMinutes: settings.ownerRefreshMinutes,
        }).start(scheduler);
        const audit = database.audit;
        await new RetentionTask({
          retention: database.retention,
          audit,
          logger,
          retentionDays: settings.retentionDays,
        }).start(scheduler);

        // Capturing does not wait for the broker: environments connect (and
        // reconnect) in the background and consumers resume when they can.
        const discovery = createDiscovery(settings, deps, capture);
        lifecycle.addStartupHook(() => {
          capture.start();
          discovery.start();
        });
        lifecycle.addShutdownHook(async () => {
          await discovery.stop();
          await capture.stop();
        });

        const replays = new ReplayWorker({
          database,
          amqp,
          logger,
          environments,
          maxReplayCount: settings.maxReplayCount,
          staleAfterMs: settings.staleAfterSeconds * 1000,
        });
        lifecycle.addStartupHook(() => replays.start());
        lifecycle.addShutdownHook(() => replays.stop());

        const approvals = new ApprovalService({
          approvals: database.approvals,
          replays: database.replays,
          resources: ids => database.resources.resources(ids),
          audit,
          auditor: deps.auditor,
          permissions: deps.permissions,
          replayTargets: ReplayTargets.create({
            permissions: deps.permissions,
            owners,
          }),
          notifier: createHttpNotifier(deps),
          logger,
          settings: readApprovalSettings(config, environments),
          platformTeam:
            config.getOptionalString('portal.platformTeam') ??
            'group:default/squad-atlas',
        });
        await new ApprovalSweepTask({ approvals, logger }).start(scheduler);

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            database,
            capture,
            discovery,
            amqp,
            environments,
            bodyAccess: BodyAccessService.create({
              permissions: deps.permissions,
              auditor: deps.auditor,
              environments: settings.environments,
            }),
            maxJobSize: settings.maxJobSize,
            queueOwners: owners,
            approvals,
          }),
        );
      },
    });
  },
});
