import {
  coreServices,
  createBackendPlugin,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AmqpEnvironments,
  amqpEnvironmentsServiceRef,
} from '@internal/amqp-node';
import { queueRegistryServiceRef } from '@internal/backstage-plugin-queue-registry-node';
import {
  ReconstitutionJob,
  reconstitutionPermissions,
} from '@internal/backstage-plugin-reconstitution-common';
import {
  ReconstitutionEventSource,
  reconstitutionEventSourcesExtensionPoint,
} from '@internal/backstage-plugin-reconstitution-node';
import { ArchiveService, ArchiveSource } from './archive/ArchiveService';
import { ArchiveEnvironmentConfig, readReconstitutionConfig } from './config';
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
import { ArchiveQueries } from './services/ArchiveQueries';
import { collectEventSources, EventSources } from './services/EventSources';
import { JobService } from './services/JobService';
import { ReconstitutionAccess } from './services/ReconstitutionAccess';
import { ApprovalExpiryTask } from './tasks/ApprovalExpiryTask';
import { ArchiveRetentionTask } from './tasks/ArchiveRetentionTask';

/** The configured environments whose broker is configured too. */
function archivedEnvironments(
  environments: ArchiveEnvironmentConfig[],
  amqp: AmqpEnvironments,
  logger: LoggerService,
): ArchiveSource[] {
  return environments.flatMap(environment => {
    const broker = amqp.get(environment.name);
    if (!broker) {
      logger.warn(
        `Events of '${environment.name}' are not archived: amqp.environments.${environment.name}.url is not configured`,
      );
      return [];
    }
    return [{ ...environment, environment: broker }];
  });
}

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
        const environments = settings.environments.map(e => e.name);
        const store = await EventArchiveStore.create({ database });
        const jobs = await JobStore.create({ database, skipMigrations: true });
        const parked = await ParkedEventStore.create({
          database,
          skipMigrations: true,
        });
        const sources = collectEventSources(store, extraSources);

        const archive = ArchiveService.create({
          sources: archivedEnvironments(settings.environments, amqp, logger),
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
          environments,
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
        await new ArchiveRetentionTask({
          store,
          parked,
          retentionDays: settings.retentionDays,
          logger,
        }).start(deps.scheduler);

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
          settings: readJobApprovalSettings(config, environments),
          platformTeam:
            config.getOptionalString('portal.platformTeam') ??
            'group:default/squad-atlas',
          logger,
        });
        await new ApprovalExpiryTask({ approvals, logger }).start(
          deps.scheduler,
        );
        deps.permissionsRegistry.addResourceType({
          resourceRef: reconstitutionReceiverResourceRef,
          permissions: reconstitutionPermissions,
          rules: Object.values(reconstitutionRules),
          getResources: refs =>
            Promise.all(refs.map(ref => receivers.get(ref))),
        });

        const access = new ReconstitutionAccess(deps);
        const eventSources = new EventSources(sources, environments);
        deps.httpRouter.use(
          await createRouter({
            archive: new ArchiveQueries({
              access,
              sources: eventSources,
              archive,
              receivers,
            }),
            jobs: new JobService({
              access,
              sources: eventSources,
              jobs,
              receivers,
              approvals,
              auditor: deps.auditor,
              onJobEnded,
            }),
          }),
        );
      },
    });
  },
});
