import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { isProductionConfig } from '@internal/backstage-plugin-portal-node';
import { AuditOutbox } from './AuditOutbox';
import { AuditShipper } from './AuditShipper';
import { isAudited, readHumioAuditSettings } from './config';

/** Scheduled per plugin that audits; ids are per plugin already. */
export const AUDIT_SHIP_TASK_ID = 'humio-audit-ship';
export const AUDIT_CLEANUP_TASK_ID = 'humio-audit-outbox-cleanup';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The auditor service of the portal: every audit event is logged exactly as
 * `@backstage/backend-defaults` does it, and events of at least
 * `humio.audit.minSeverity` (or named in `humio.audit.eventIds`) are also
 * written to an outbox in the plugin's own database before the auditor call
 * returns. A task per plugin ships the outbox to Humio; see `AuditShipper`.
 *
 * When an event cannot be written to the outbox, the error is logged (the
 * event itself is in the log line just before) and the audited action goes
 * on, except:
 *
 * - in production (`auth.environment: production`), the `initiated` event of
 *   a `high` or `critical` action: `auditor.createEvent` throws (503), so the
 *   action, which records its event before acting, does not happen
 *   unaudited. Its outcome (`success()`, `fail()`) comes after the fact and
 *   is only logged when it cannot be stored;
 * - with `humio.audit.failClosed`, every auditor call throws.
 *
 * @public
 */
export const humioAuditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    rootLogger: coreServices.rootLogger,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    database: coreServices.database,
    scheduler: coreServices.scheduler,
  },
  createRootContext({ config, rootLogger }) {
    const settings = readHumioAuditSettings(config);
    const logger = rootLogger.child({ service: 'humio-audit' });
    // Once for the backend, not once per plugin.
    if (settings.shipping) {
      logger.info(
        `Audit events of severity ${settings.minSeverity} and above are shipped to Humio at ${settings.shipping.baseUrl}`,
      );
    } else {
      logger.info(
        'Audit events are kept in each plugin database but not shipped: humio.baseUrl and humio.audit.ingestToken are not both configured',
      );
    }
    return {
      settings,
      logLevels: readSeverityLogLevels(config),
      production: isProductionConfig(config),
    };
  },
  async factory(deps, { settings, logLevels, production }) {
    const { logger, plugin, auth, httpAuth, database, scheduler } = deps;
    const auditLogger = logger.child({ isAuditEvent: true });
    const outbox = await AuditOutbox.create({ database });

    await scheduler.scheduleTask({
      id: AUDIT_CLEANUP_TASK_ID,
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      scope: 'global',
      fn: async () => {
        const cutoff = new Date(
          Date.now() - settings.retentionDays * 24 * 3600_000,
        );
        const removed = await outbox.deleteShippedBefore(cutoff);
        if (removed > 0) {
          logger.debug(
            `Removed ${removed} audit events shipped before ${cutoff.toISOString()}`,
          );
        }
      },
    });

    if (settings.shipping) {
      const shipper = AuditShipper.create({
        outbox,
        logger,
        baseUrl: settings.shipping.baseUrl,
        ingestToken: settings.shipping.ingestToken,
        batchSize: settings.batchSize,
        initialBackoffMs: settings.initialBackoffMs,
        maxBackoffMs: settings.maxBackoffMs,
      });
      await scheduler.scheduleTask({
        id: AUDIT_SHIP_TASK_ID,
        frequency: settings.shipInterval,
        timeout: { minutes: 5 },
        // One instance at a time ships a plugin's outbox; the claim with
        // SKIP LOCKED makes even an overlap harmless.
        scope: 'global',
        fn: async () => {
          await shipper.ship();
        },
      });
    }

    return DefaultAuditorService.create(
      async event => {
        logEvent(auditLogger, logLevels, event);
        if (!isAudited(settings, event)) return;
        try {
          await outbox.insert(event);
        } catch (error) {
          logger.error(
            `Audit event ${event.plugin}.${event.eventId} (${event.status}) could not be written to the outbox and will not reach Humio`,
            toError(error),
          );
          if (settings.failClosed || (production && mustBeRecorded(event))) {
            throw new ServiceUnavailableError(
              `The action was not carried out: its audit event ${event.plugin}.${event.eventId} could not be recorded (${error})`,
            );
          }
        }
      },
      { plugin, auth, httpAuth },
    );
  },
});

/**
 * Production refuses a high or critical action it cannot audit: the event
 * before it (`initiated`) is stored or the action does not start.
 */
function mustBeRecorded(event: AuditorEvent): boolean {
  return (
    event.status === 'initiated' &&
    (event.severityLevel === 'high' || event.severityLevel === 'critical')
  );
}

/** As `auditorServiceFactory` of `@backstage/backend-defaults` logs events. */
function logEvent(
  auditLogger: LoggerService,
  levels: Record<AuditorEvent['severityLevel'], LogLevel>,
  event: AuditorEvent,
) {
  const message = `${event.plugin}.${event.eventId}`;
  if ('error' in event) {
    const { error, ...rest } = event;
    auditLogger.child(rest)[levels[event.severityLevel]](message, error);
  } else {
    auditLogger[levels[event.severityLevel]](message, event);
  }
}

/** `backend.auditor.severityLogLevelMappings`, with the defaults of backend-defaults. */
function readSeverityLogLevels(
  config: RootConfigService,
): Record<AuditorEvent['severityLevel'], LogLevel> {
  const defaults = {
    low: 'debug',
    medium: 'info',
    high: 'info',
    critical: 'info',
  } as const;
  const mappings = config.getOptionalConfig(
    'backend.auditor.severityLogLevelMappings',
  );
  const read = (severity: keyof typeof defaults): LogLevel => {
    const value = mappings?.getOptionalString(severity);
    if (value === undefined) return defaults[severity];
    if (!(LOG_LEVELS as readonly string[]).includes(value)) {
      throw new InputError(
        `The configuration value for 'backend.auditor.severityLogLevelMappings.${severity}' was given an invalid value: '${value}'. Expected one of the following valid values: '${LOG_LEVELS.join(
          ', ',
        )}'.`,
      );
    }
    return value as LogLevel;
  };
  return {
    low: read('low'),
    medium: read('medium'),
    high: read('high'),
    critical: read('critical'),
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
