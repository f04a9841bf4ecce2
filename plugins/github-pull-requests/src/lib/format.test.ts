import { plural } from '@internal/backstage-plugin-portal-react';
import { formatRelative, formatTimeOfDay, labelColor } from './format';

describe('format', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('says how long ago in whole units', () => {
    expect(formatRelative('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-03-10T10:00:00Z', now)).toBe('2 hours ago');
    expect(formatRelative('2026-03-07T12:00:00Z', now)).toBe('3 days ago');
    expect(formatRelative('2026-02-24T12:00:00Z', now)).toBe('2 weeks ago');
    expect(formatRelative('2025-01-01T00:00:00Z', now)).toBe('last year');
    expect(formatRelative('not a date', now)).toBe('not a date');
  });

  it('gives the time of day, with the date when it is not today', () => {
    const today = new Date(now);
    today.setHours(14, 5, 0, 0);
    expect(formatTimeOfDay(today.toISOString(), now)).toBe('14:05');
    const tomorrow = new Date(today.getTime() + 24 * 3600_000);
    expect(formatTimeOfDay(tomorrow.toISOString(), now)).toMatch(
      /^\d{4}-\d{2}-\d{2} 14:05$/,
    );
  });

  it('lets only six hex digits through as a label colour', () => {
    expect(labelColor('d73a4a')).toBe('#d73a4a');
    expect(labelColor('A2EEEF')).toBe('#a2eeef');
    for (const bad of [
      'red',
      '#d73a4a',
      'd73a4',
      'd73a4a; background: url(x)',
      'd73a4a\n',
      '',
      null,
      undefined,
      123456,
    ]) {
      expect(labelColor(bad)).toBeUndefined();
    }
  });

  it('counts words', () => {
    expect(plural(1, 'repository', 'repositories')).toBe('1 repository');
    expect(plural(12, 'repository', 'repositories')).toBe('12 repositories');
  });
});
