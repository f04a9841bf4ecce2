import { mockServices } from '@backstage/backend-test-utils';
import { ApprovalSweepTask } from './ApprovalSweepTask';
import { RETENTION_ACTOR, RetentionTask } from './RetentionTask';

describe('RetentionTask', () => {
  const now = new Date('2026-03-31T12:00:00Z');

  function task(purged: { messages: number; jobs: number }) {
    const purge = jest.fn().mockResolvedValue(purged);
    const record = jest.fn().mockResolvedValue(undefined);
    const logger = mockServices.logger.mock();
    const retention = new RetentionTask({
      retention: { purge },
      audit: { record },
      logger,
      retentionDays: 30,
    });
    return { retention, purge, record, logger };
  }

  it('purges what was resolved before the retention period and audits it', async () => {
    const { retention, purge, record, logger } = task({ messages: 7, jobs: 2 });
    await retention.run(now);
    expect(purge).toHaveBeenCalledWith(new Date('2026-03-01T12:00:00Z'));
    expect(record).toHaveBeenCalledWith({
      actor: RETENTION_ACTOR,
      action: 'purge',
      selection: {
        filter: {
          states: ['replayed', 'discarded'],
          resolvedBefore: '2026-03-01T12:00:00.000Z',
        },
      },
      requested: 7,
      affected: 7,
      outcome: 'succeeded',
      details:
        '7 messages resolved more than 30 days ago and 2 finished replay jobs removed',
    });
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('records nothing when nothing was old enough', async () => {
    const { retention, record, logger } = task({ messages: 0, jobs: 0 });
    await retention.run(now);
    expect(record).not.toHaveBeenCalled();
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('is scheduled hourly across instances', async () => {
    const { retention } = task({ messages: 0, jobs: 0 });
    const scheduler = mockServices.scheduler.mock();
    await retention.start(scheduler);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'dead-letter-retention',
        frequency: { hours: 1 },
        scope: 'global',
      }),
    );
  });
});

describe('ApprovalSweepTask', () => {
  it('logs only when a request expired or was resumed', async () => {
    const sweep = jest
      .fn()
      .mockResolvedValueOnce({ expired: 0, resumed: 0 })
      .mockResolvedValueOnce({ expired: 2, resumed: 1 });
    const logger = mockServices.logger.mock();
    const task = new ApprovalSweepTask({ approvals: { sweep }, logger });
    await task.run();
    expect(logger.info).not.toHaveBeenCalled();
    await task.run();
    expect(logger.info).toHaveBeenCalledWith(
      'Approvals: 2 requests expired, 1 approved requests executed',
    );
  });
});
