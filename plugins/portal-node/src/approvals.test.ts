import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  auditDecision,
  DEFAULT_APPROVAL_EXPIRY_MS,
  readEnvironmentApprovals,
} from './approvals';

const read = (data: object, environments = ['dev', 'prod']) =>
  readEnvironmentApprovals(new ConfigReader(data), {
    environments,
    configKey: name => `family.environments.${name}.approval`,
    switchKey: 'enabled',
  });

describe('readEnvironmentApprovals', () => {
  it('requires approval in prod only by default, for a day', () => {
    expect([...read({})]).toEqual([
      ['prod', { expiryMs: DEFAULT_APPROVAL_EXPIRY_MS }],
    ]);
  });

  it('requires it in every environment under the production configuration', () => {
    expect([...read({ auth: { environment: 'production' } }).keys()]).toEqual([
      'dev',
      'prod',
    ]);
  });

  it('follows the switch both ways', () => {
    const settings = read({
      family: {
        environments: {
          dev: { approval: { enabled: true } },
          prod: { approval: { enabled: false } },
        },
      },
    });
    expect([...settings.keys()]).toEqual(['dev']);
  });

  it('reads the expiry as a string or an object duration', () => {
    const settings = read({
      family: {
        environments: {
          dev: { approval: { enabled: true, expiry: '2h' } },
          prod: { approval: { expiry: { minutes: 90 } } },
        },
      },
    });
    expect(settings.get('dev')).toEqual({ expiryMs: 2 * 3600_000 });
    expect(settings.get('prod')).toEqual({ expiryMs: 90 * 60_000 });
  });

  it('refuses an unreadable or sub-second expiry, naming the key', () => {
    const at = (expiry: unknown) => () =>
      read({ family: { environments: { prod: { approval: { expiry } } } } });
    expect(at('soon')).toThrow(
      /family\.environments\.prod\.approval\.expiry: a duration such as '24h'/,
    );
    expect(at({ milliseconds: 999 })).toThrow(
      'family.environments.prod.approval.expiry: must be at least one second',
    );
  });

  it("adds the plugin's own settings to each environment's", () => {
    const readExtra = jest.fn((approval, key: string) => ({
      minMessages: approval?.getOptionalNumber('minMessages') ?? 100,
      key,
    }));
    const settings = readEnvironmentApprovals(
      new ConfigReader({
        family: { environments: { prod: { approval: { minMessages: 5 } } } },
      }),
      {
        environments: ['prod'],
        configKey: name => `family.environments.${name}.approval`,
        switchKey: 'enabled',
        readExtra,
      },
    );
    expect(settings.get('prod')).toEqual({
      minMessages: 5,
      key: 'family.environments.prod.approval',
      expiryMs: DEFAULT_APPROVAL_EXPIRY_MS,
    });
  });
});

describe('auditDecision', () => {
  const fakeAuditor = () => {
    const event = { success: jest.fn(), fail: jest.fn() };
    const auditor = {
      createEvent: jest.fn(async () => event),
    } as unknown as AuditorService & { createEvent: jest.Mock };
    return { auditor, event };
  };

  it('records a high-severity event that succeeds with the decision', async () => {
    const { auditor, event } = fakeAuditor();
    await expect(
      auditDecision(
        auditor,
        { eventId: 'job-approve', meta: { jobId: 'j1' } },
        async () => 'done',
      ),
    ).resolves.toBe('done');
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'job-approve',
      meta: { jobId: 'j1' },
      severityLevel: 'high',
    });
    expect(event.success).toHaveBeenCalled();
    expect(event.fail).not.toHaveBeenCalled();
  });

  it('fails the event with the error and rethrows it', async () => {
    const { auditor, event } = fakeAuditor();
    const error = new Error('not yours');
    await expect(
      auditDecision(auditor, { eventId: 'job-refuse' }, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(event.fail).toHaveBeenCalledWith({ error });
    expect(event.success).not.toHaveBeenCalled();
  });
});
