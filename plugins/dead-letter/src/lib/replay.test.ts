import { parseFilters } from './filters';
import {
  describeSelection,
  describeTarget,
  filterEntries,
  parseRate,
  toReplayFilter,
} from './replay';

describe('replay helpers', () => {
  it('turns the list filters into a replay filter without the states', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'environment=dev&state=all&owner=group:default/a&unowned=true&queue=q1&reason=rejected&group=fp&q=order&from=2024-05-01T00:00:00.000Z&to=2024-05-02T00:00:00.000Z&component=component:default/c',
      ),
    );
    expect(toReplayFilter(filters, 'prod')).toEqual({
      environment: 'prod',
      owners: ['group:default/a'],
      unowned: true,
      component: 'component:default/c',
      queue: 'q1',
      reason: 'rejected',
      group: 'fp',
      q: 'order',
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-05-02T00:00:00.000Z',
    });
    expect(
      toReplayFilter(parseFilters(new URLSearchParams('')), 'dev'),
    ).toEqual({ environment: 'dev' });
  });

  it('names the filters, owners with "or unowned"', () => {
    expect(
      filterEntries(
        {
          environment: 'prod',
          owners: ['group:default/a', 'group:default/b'],
          unowned: true,
          group: 'fp',
          q: 'order 42',
        },
        { groupLabel: 'payments.incoming · rejected' },
      ),
    ).toEqual([
      ['Environment', 'prod'],
      ['Owners', 'group:default/a or group:default/b or unowned'],
      ['Failure group', 'payments.incoming · rejected'],
      ['Text', '“order 42”'],
    ]);
    expect(filterEntries({ environment: 'dev', unowned: true })).toEqual([
      ['Environment', 'dev'],
      ['Owner', 'unowned'],
    ]);
  });

  it('describes targets and selections', () => {
    expect(describeTarget({ kind: 'original' })).toBe(
      'Original exchange and routing keys',
    );
    expect(describeTarget(undefined)).toBe(
      'Original exchange and routing keys',
    );
    expect(describeTarget({ kind: 'source' })).toBe(
      'The queue each message died in',
    );
    expect(describeTarget({ kind: 'queue', queue: 'retry.q' })).toBe(
      'Queue retry.q',
    );
    const job = {
      id: 'j',
      environment: 'prod',
      createdBy: 'user:default/a',
      createdAt: '2024-05-01T00:00:00.000Z',
      target: { kind: 'original' as const },
      state: 'running' as const,
      total: 1298,
      sent: 0,
      confirmed: 0,
      failed: 0,
    };
    expect(describeSelection(job)).toBe('1,298 selected messages');
    expect(
      describeSelection({
        ...job,
        filter: { environment: 'prod', queue: 'q1', reason: 'expired' },
      }),
    ).toBe('Source queue: q1 · Reason: expired');
    expect(describeSelection({ ...job, filter: { environment: 'prod' } })).toBe(
      'All unresolved messages in prod',
    );
  });

  it('takes empty or whole rates from 1 to 5000', () => {
    expect(parseRate('')).toEqual({});
    expect(parseRate(' 250 ')).toEqual({ rate: 250 });
    expect(parseRate('5000')).toEqual({ rate: 5000 });
    for (const bad of ['0', '5001', '1.5', '-3', 'fast', '1e3']) {
      expect(parseRate(bad).error).toBe(
        'Enter a whole number from 1 to 5,000, or leave empty for no limit',
      );
    }
  });
});
