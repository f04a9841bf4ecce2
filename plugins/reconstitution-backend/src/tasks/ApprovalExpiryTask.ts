import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { JobApprovals } from '../approvals/JobApprovals';

/** Every minute, jobs nobody approved in time expire. */
export class ApprovalExpiryTask {
  constructor(
    private readonly options: {
      approvals: JobApprovals;
      logger: LoggerService;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'reconstitution-approval-expiry',
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      // One instance expires jobs; the others find them expired.
      scope: 'global',
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    const expired = await this.options.approvals.sweep();
    if (expired > 0) {
      this.options.logger.info(`${expired} jobs expired without approval`);
    }
  }
}
