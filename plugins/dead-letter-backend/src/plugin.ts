import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  deadLetterPermissions,
  deadLetterReplayTargetPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { amqpEnvironmentsServiceRef } from '@internal/amqp-node';
import { queueRegistryServiceRef } from '@internal/backstage-plugin-queue-registry-node';
import { createRouter } from './router';
import { readDeadLetterConfig } from './config';
import { DeadLetterStore } from './database/DeadLetterStore';
import { QueueOwnerIndex } from './services/QueueOwnerIndex';
import { syncQueueOwners } from './services/syncQueueOwners';
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

/** Who the audit log names for the retention task's purges. */
const RETENTION_ACTOR = 'system:dead-letter-retention';

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
        const store = await DeadLetterStore.create({ database: deps.database });
        const owners = QueueOwnerIndex.create(deps);

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
          }));
        });
        const capture = CaptureService.create({
          queues,
          store,
          owners,
          logger,
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: deadLetterMessageResourceRef,
          permissions: deadLetterPermissions,
          rules: Object.values(deadLetterRules),
          getResources: async ids => {
            const found = await store.resources(ids);
            return ids.map(id => found.find(r => r.id === id.toLowerCase()));
          },
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: deadLetterQueueResourceRef,
          permissions: [deadLetterReplayTargetPermission],
          rules: Object.values(deadLetterQueueRules),
          getResources: async names =>
            names.map(queue => ({
              queue,
              ownerRef: owners.lookup(queue)?.ownerRef,
            })),
        });

        await scheduler.scheduleTask({
          id: 'dead-letter-owner-refresh',
          frequency: { minutes: settings.ownerRefreshMinutes },
          timeout: { minutes: 5 },
          // Every instance keeps its own in-memory index.
          scope: 'local',
          fn: async () => {
            await syncQueueOwners({ owners, store, logger });
          },
        });

        const retention = store.retention();
        const audit = store.auditLog();
        await scheduler.scheduleTask({
          id: 'dead-letter-retention',
          frequency: { hours: 1 },
          timeout: { minutes: 30 },
          initialDelay: { minutes: 1 },
          // Scheduled across instances: one of them purges each hour.
          scope: 'global',
          fn: async () => {
            const before = new Date(
              Date.now() - settings.retentionDays * 24 * 3600 * 1000,
            );
            const purged = await retention.purge(before);
            if (purged.messages > 0 || purged.jobs > 0) {
              await audit.record({
                actor: RETENTION_ACTOR,
                action: 'purge',
                selection: {
                  filter: {
                    states: ['replayed', 'discarded'],
                    resolvedBefore: before.toISOString(),
                  },
                },
                requested: purged.messages,
                affected: purged.messages,
                outcome: 'succeeded',
                details: `${purged.messages} messages resolved more than ${settings.retentionDays} days ago and ${purged.jobs} finished replay jobs removed`,
              });
              logger.info(
                `Retention: removed ${purged.messages} resolved dead letters and ${purged.jobs} replay jobs`,
              );
            }
          },
        });

        // Capturing does not wait for the broker: environments connect (and
        // reconnect) in the background and consumers resume when they can.
        const discovery = new QueueDiscovery({
          configs: settings.environments.flatMap(environment =>
            environment.discovery && amqp.get(environment.name)
              ? [
                  {
                    ...environment.discovery,
                    environment: environment.name,
                    prefetch: environment.prefetch,
                    batchSize: environment.batchSize,
                  },
                ]
              : [],
          ),
          capture,
          amqp,
          logger,
        });
        lifecycle.addStartupHook(() => {
          capture.start();
          discovery.start();
        });
        lifecycle.addShutdownHook(async () => {
          await discovery.stop();
          await capture.stop();
        });

        const replays = new ReplayWorker({
          store,
          amqp,
          logger,
          environments: settings.environments.map(e => e.name),
          maxReplayCount: settings.maxReplayCount,
          staleAfterMs: settings.staleAfterSeconds * 1000,
        });
        lifecycle.addStartupHook(() => replays.start());
        lifecycle.addShutdownHook(() => replays.stop());

        const approvals = new ApprovalService({
          approvals: store.approvals(),
          replays: store.replayJobs(),
          resources: ids => store.resources(ids),
          audit,
          auditor: deps.auditor,
          permissions: deps.permissions,
          replayTargets: ReplayTargets.create({
            permissions: deps.permissions,
            owners,
          }),
          notifier: createHttpNotifier(deps),
          logger,
          settings: readApprovalSettings(
            config,
            settings.environments.map(e => e.name),
          ),
          platformTeam:
            config.getOptionalString('portal.platformTeam') ??
            'group:default/squad-atlas',
        });
        await scheduler.scheduleTask({
          id: 'dead-letter-approval-sweep',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          // One instance expires requests; the others find them expired.
          scope: 'global',
          fn: async () => {
            const { expired, resumed } = await approvals.sweep();
            if (expired + resumed > 0) {
              logger.info(
                `Approvals: ${expired} requests expired, ${resumed} approved requests executed`,
              );
            }
          },
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            capture,
            discovery,
            amqp,
            environments: settings.environments.map(e => e.name),
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
