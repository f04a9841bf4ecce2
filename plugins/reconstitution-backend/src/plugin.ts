import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { amqpEnvironmentsServiceRef } from '@internal/amqp-node';
import { queueRegistryServiceRef } from '@internal/backstage-plugin-queue-registry-node';
import {
  ReconstitutionJob,
  reconstitutionPermissions,
} from '@internal/backstage-plugin-reconstitution-common';
import {
  ReconstitutionEventSource,
  reconstitutionEventSourcesExtensionPoint,
} from '@internal/backstage-plugin-reconstitution-node';
import { ArchiveService } from './archive/ArchiveService';
import { readReconstitutionConfig } from './config';
import { EventArchiveStore } from './database/EventArchiveStore';
import { ParkedEventStore } from './database/ParkedEventStore';
import { JobStore } from './database/JobStore';
import { JobWorker } from './jobs/JobWorker';
import { describeEnding } from './jobs/notifications';
import {
  reconstitutionReceiverResourceRef,
  reconstitutionRules,
} from './permissions';
import { ReceiverCatalog } from './receivers/ReceiverCatalog';
import { createRouter } from './router';
import { JobApprovals } from './approvals/JobApprovals';
import { readJobApprovalSettings } from './approvals/config';

/**
 * Republishes archived integration events to one receiving service.
 *
 * Archives the configured environments' integration events, serves what the
 * archive holds (producers, dry runs), and runs jobs that deliver a
 * selection of them to one receiver's queue.
 *
 * @public
 */
export const reconstitutionPlugin = createBackendPlugin({
  pluginId: 'reconstitution',
  register(env) {
    const extraSources: ReconstitutionEventSource[] = [];
    env.registerExtensionPoint(reconstitutionEventSourcesExtensionPoint, {
      addEventSource(source) {
        extraSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        registry: queueRegistryServiceRef,
        notifications: notificationService,
        amqp: amqpEnvironmentsServiceRef,
      },
      async init(deps) {
        const { config, database, lifecycle, logger, amqp } = deps;
        const settings = readReconstitutionConfig(config);
        const store = await EventArchiveStore.create({ database });
        const jobs = await JobStore.create({ database, skipMigrations: true });
        const parked = await ParkedEventStore.create({
          database,
          skipMigrations: true,
        });

        const sources = new Map<string, ReconstitutionEventSource>([
          [store.id, store],
        ]);
        for (const source of extraSources) {
          if (sources.has(source.id)) {
            throw new Error(
              `Two reconstitution event sources have the id '${source.id}'`,
            );
          }
          sources.set(source.id, source);
        }

        const archive = ArchiveService.create({
          sources: settings.environments.flatMap(environment => {
            const broker = amqp.get(environment.name);
            if (!broker) {
              logger.warn(
                `Events of '${environment.name}' are not archived: amqp.environments.${environment.name}.url is not configured`,
              );
              return [];
            }
            return [{ ...environment, environment: broker }];
          }),
          store,
          parked,
          convention: settings.convention,
          logger,
        });

        const onJobEnded = async (job: ReconstitutionJob) => {
          await deps.notifications.send({
            recipients: { type: 'entity', entityRef: job.createdBy },
            payload: describeEnding(job),
          });
        };
        const worker = new JobWorker({
          jobs,
          sources,
          amqp,
          logger,
          environments: settings.environments.map(e => e.name),
          window: settings.jobs.window,
          staleAfterMs: settings.jobs.staleAfterSeconds * 1000,
          onJobEnded,
        });

        // Neither waits for the broker: both connect in the background.
        lifecycle.addStartupHook(async () => {
          await archive.start();
          worker.start();
        });
        lifecycle.addShutdownHook(async () => {
          await worker.stop();
          await archive.stop();
        });

        await deps.scheduler.scheduleTask({
          id: 'reconstitution-archive-retention',
          frequency: { hours: 24 },
          initialDelay: { minutes: 5 },
          timeout: { hours: 1 },
          // One instance drops a month; the others find it gone.
          scope: 'global',
          fn: async () => {
            const cutoff = new Date(
              Date.now() - settings.retentionDays * 24 * 3600_000,
            );
            const { removed, months } = await store.dropBefore(cutoff);
            await parked.dropBefore(cutoff);
            if (removed > 0) {
              logger.info(
                `Archive retention removed ${removed} events older than ${cutoff.toISOString()}${
                  months.length ? ` (months ${months.join(', ')})` : ''
                }`,
              );
            }
          },
        });

        const receivers = ReceiverCatalog.create(deps);
        const approvals = new JobApprovals({
          jobs,
          receivers,
          permissions: deps.permissions,
          auditor: deps.auditor,
          notify: (entityRefs, payload) =>
            deps.notifications.send({
              recipients: { type: 'entity', entityRef: entityRefs },
              payload,
            }),
          settings: readJobApprovalSettings(
            config,
            settings.environments.map(e => e.name),
          ),
          platformTeam:
            config.getOptionalString('portal.platformTeam') ??
            'group:default/squad-atlas',
          logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'reconstitution-approval-expiry',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          // One instance expires jobs; the others find them expired.
          scope: 'global',
          fn: async () => {
            const expired = await approvals.sweep();
            if (expired > 0) {
              logger.info(`${expired} jobs expired without approval`);
            }
          },
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: reconstitutionReceiverResourceRef,
          permissions: reconstitutionPermissions,
          rules: Object.values(reconstitutionRules),
          getResources: refs =>
            Promise.all(refs.map(ref => receivers.get(ref))),
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            sources,
            archive,
            jobs,
            receivers,
            environments: settings.environments.map(e => e.name),
            onJobEnded,
            approvals,
          }),
        );
      },
    });
  },
});
