import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { EventArchiveStore } from '../database/EventArchiveStore';
import { ParkedEventStore } from '../database/ParkedEventStore';

/** Once a day, drops archived (and parked) events older than the retention. */
export class ArchiveRetentionTask {
  constructor(
    private readonly options: {
      store: EventArchiveStore;
      parked: ParkedEventStore;
      retentionDays: number;
      logger: LoggerService;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'reconstitution-archive-retention',
      frequency: { hours: 24 },
      initialDelay: { minutes: 5 },
      timeout: { hours: 1 },
      // One instance drops a month; the others find it gone.
      scope: 'global',
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    const cutoff = new Date(
      Date.now() - this.options.retentionDays * 24 * 3600_000,
    );
    const { removed, months } = await this.options.store.dropBefore(cutoff);
    await this.options.parked.dropBefore(cutoff);
    if (removed > 0) {
      this.options.logger.info(
        `Archive retention removed ${removed} events older than ${cutoff.toISOString()}${
          months.length ? ` (months ${months.join(', ')})` : ''
        }`,
      );
    }
  }
}
