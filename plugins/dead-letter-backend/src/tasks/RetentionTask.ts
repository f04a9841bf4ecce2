import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { AuditLog, Retention } from '../database';

/** Who the audit log names for the retention task's purges. */
export const RETENTION_ACTOR = 'system:dead-letter-retention';

/**
 * Every hour, removes messages resolved more than `retentionDays` ago and
 * finished replay jobs, and says so in the audit log.
 */
export class RetentionTask {
  constructor(
    private readonly options: {
      retention: Pick<Retention, 'purge'>;
      audit: Pick<AuditLog, 'record'>;
      logger: LoggerService;
      retentionDays: number;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'dead-letter-retention',
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
      // Scheduled across instances: one of them purges each hour.
      scope: 'global',
      fn: () => this.run(),
    });
  }

  async run(now = new Date()): Promise<void> {
    const { retention, audit, logger, retentionDays } = this.options;
    const before = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
    const purged = await retention.purge(before);
    if (purged.messages === 0 && purged.jobs === 0) {
      return;
    }
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
      details: `${purged.messages} messages resolved more than ${retentionDays} days ago and ${purged.jobs} finished replay jobs removed`,
    });
    logger.info(
      `Retention: removed ${purged.messages} resolved dead letters and ${purged.jobs} replay jobs`,
    );
  }
}
