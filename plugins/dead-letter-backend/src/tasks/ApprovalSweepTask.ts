import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ApprovalService } from '../approvals/ApprovalService';

/**
 * Every minute, expires four-eyes requests past their time and executes
 * approved ones whose execution a crash cut short.
 */
export class ApprovalSweepTask {
  constructor(
    private readonly options: {
      approvals: Pick<ApprovalService, 'sweep'>;
      logger: LoggerService;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'dead-letter-approval-sweep',
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      // One instance expires requests; the others find them expired.
      scope: 'global',
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    const { expired, resumed } = await this.options.approvals.sweep();
    if (expired + resumed > 0) {
      this.options.logger.info(
        `Approvals: ${expired} requests expired, ${resumed} approved requests executed`,
      );
    }
  }
}
