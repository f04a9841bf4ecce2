import { formatRelative } from '@internal/backstage-plugin-portal-react';
import type { ProviderStatus } from '../api';
import { makeMarks } from '../testing/FakeCatalogIngestionApi';
import { toIsoTime } from './format';
import {
  cycleProgress,
  providerState,
  REST_OVERDUE_MS,
  showsNextActionTime,
} from './state';

const NOW = new Date('2024-05-01T12:00:00.000Z').getTime();
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const status = (
  currentAction: string,
  nextActionAt: string | undefined = at(3600_000),
): ProviderStatus => ({ currentAction, nextActionAt });

describe('providerState', () => {
  it.each([
    ['bursting', 'bursting', 'Bursting'],
    ['interstitial', 'between-bursts', 'Between bursts'],
    ['backing off', 'backing-off', 'Backing off'],
    ['canceling', 'restarting', 'Restarting'],
    ['rest complete, waiting to start', 'waiting-to-start', 'Waiting to start'],
  ])('maps the engine’s “%s” to %s', (action, kind, label) => {
    expect(providerState(status(action), [], NOW)).toMatchObject({
      kind,
      label,
    });
  });

  it('is resting after a cycle that read the source to its end', () => {
    const marks = makeMarks(5, { finished: true });
    expect(providerState(status('resting'), marks, NOW)).toMatchObject({
      kind: 'resting',
      label: 'Resting',
    });
  });

  it('is paused when resting without having finished the cycle', () => {
    // Cancelled after 3 pages: the newest page still has a cursor.
    expect(providerState(status('resting'), makeMarks(3), NOW)).toMatchObject({
      kind: 'paused',
      label: 'Paused',
    });
    // Reset: no pages at all.
    expect(providerState(status('resting'), [], NOW)).toMatchObject({
      kind: 'paused',
    });
  });

  it('is paused when its rest ended long ago and no cycle started', () => {
    const marks = makeMarks(5, { finished: true });
    expect(providerState(status('resting', at(-60_000)), marks, NOW).kind).toBe(
      'resting',
    );
    expect(
      providerState(status('resting', at(-REST_OVERDUE_MS - 1000)), marks, NOW),
    ).toMatchObject({ kind: 'paused', label: 'Paused' });
  });

  it('shows resting when the pages could not be read', () => {
    expect(providerState(status('resting'), undefined, NOW).kind).toBe(
      'resting',
    );
  });

  it('shows an unknown state in the engine’s words', () => {
    expect(providerState(status('dreaming'), [], NOW)).toMatchObject({
      kind: 'unknown',
      label: 'dreaming',
    });
  });

  it('shows the next action time only where it means something', () => {
    expect(showsNextActionTime('resting')).toBe(true);
    expect(showsNextActionTime('backing-off')).toBe(true);
    expect(showsNextActionTime('paused')).toBe(true);
    expect(showsNextActionTime('bursting')).toBe(false);
    expect(showsNextActionTime('between-bursts')).toBe(false);
    expect(showsNextActionTime('waiting-to-start')).toBe(false);
  });
});

describe('cycleProgress', () => {
  it('counts the pages and finds the newest one', () => {
    const marks = makeMarks(3, { minutesAgo: 2 });
    const progress = cycleProgress([...marks].reverse());
    expect(progress.pages).toBe(3);
    expect(progress.lastPageAt).toBe(marks[0].createdAt);
    expect(progress.finished).toBe(false);
    expect(cycleProgress(makeMarks(3, { finished: true })).finished).toBe(true);
    expect(cycleProgress([])).toEqual({ pages: 0, finished: false });
  });
});

describe('toIsoTime', () => {
  it('reads the times of both databases', () => {
    expect(toIsoTime('2024-05-01T10:00:00.000Z')).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    // SQLite's CURRENT_TIMESTAMP is UTC without a zone.
    expect(toIsoTime('2024-05-01 10:00:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(toIsoTime(Date.UTC(2024, 4, 1, 10))).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(toIsoTime('2024-05-01T12:00:00+02:00')).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(toIsoTime(null)).toBeUndefined();
    expect(toIsoTime('')).toBeUndefined();
    expect(toIsoTime('not a time')).toBeUndefined();
    expect(toIsoTime({})).toBeUndefined();
  });
});

describe('formatRelative', () => {
  it('says past and future in words', () => {
    expect(formatRelative(at(-5 * 60_000), NOW)).toBe('5 minutes ago');
    expect(formatRelative(at(24 * 3600_000), NOW)).toBe('tomorrow');
    expect(formatRelative(at(3 * 3600_000), NOW)).toBe('in 3 hours');
    expect(formatRelative(at(10_000), NOW)).toBe('just now');
  });
});

describe('a pause while resting', () => {
  it('shows as paused when the next action is a day away', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(
      providerState(
        {
          currentAction: 'resting',
          nextActionAt: new Date(now + 24 * 3600_000).toISOString(),
        } as ProviderStatus,
        undefined,
        now,
      ).label,
    ).toBe('Paused');
    expect(
      providerState(
        {
          currentAction: 'resting',
          nextActionAt: new Date(now + 3600_000).toISOString(),
        } as ProviderStatus,
        undefined,
        now,
      ).label,
    ).toBe('Resting');
  });
});
