import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
  fromDateTimeLocal,
  plural,
  toDateTimeLocal,
} from './format';

describe('format', () => {
  const NOW = Date.parse('2024-05-01T12:00:00.000Z');
  const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

  it('counts words', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(1298, 'event')).toBe('1,298 events');
    expect(plural(12, 'repository', 'repositories')).toBe('12 repositories');
  });

  it('writes local dates and times, keeping what is no date', () => {
    const iso = new Date(2024, 4, 1, 9, 5, 7).toISOString();
    expect(formatDate(iso)).toBe('2024-05-01');
    expect(formatDateTime(iso)).toBe('2024-05-01 09:05:07');
    expect(formatDateTime(iso, { seconds: false })).toBe('2024-05-01 09:05');
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDate('')).toBe('');
  });

  it('says past and future in words', () => {
    expect(formatRelative(at(-5 * 60_000), NOW)).toBe('5 minutes ago');
    expect(formatRelative(at(24 * 3600_000), NOW)).toBe('tomorrow');
    expect(formatRelative(at(3 * 3600_000), NOW)).toBe('in 3 hours');
    expect(formatRelative(at(10_000), NOW)).toBe('just now');
    expect(formatRelative(at(-30_000), NOW)).toBe('just now');
    expect(formatRelative(at(-14 * 24 * 3600_000), NOW)).toBe('2 weeks ago');
    expect(formatRelative('not a date', NOW)).toBe('not a date');
  });

  it('rounds to the unit that stays under the next one', () => {
    expect(formatRelative(at(59.9 * 60_000), NOW)).toBe('in 1 hour');
    expect(formatRelative(at(-47 * 3600_000), NOW)).toBe('2 days ago');
  });

  it('counts whole units when asked, as GitHub does', () => {
    const whole = { whole: true };
    expect(formatRelative(at(-47 * 3600_000), NOW, whole)).toBe('yesterday');
    expect(formatRelative(at(-3 * 24 * 3600_000), NOW, whole)).toBe(
      '3 days ago',
    );
    expect(formatRelative('2023-01-01T00:00:00Z', NOW, whole)).toBe(
      'last year',
    );
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(130)).toBe('2m 10s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3h 05m');
    expect(formatDuration(50 * 3600)).toBe('2d 2h');
    expect(formatDuration(-3)).toBe('0s');
  });

  it('keeps tenths and milliseconds of short durations when asked', () => {
    expect(formatDuration(4.2, { subSecond: true })).toBe('4.2 s');
    expect(formatDuration(0.25, { subSecond: true })).toBe('250 ms');
    expect(formatDuration(130, { subSecond: true })).toBe('2m 10s');
  });

  it('reads datetime-local values as local time', () => {
    const iso = fromDateTimeLocal('2024-05-01T10:30');
    expect(iso).toBe(new Date(2024, 4, 1, 10, 30).toISOString());
    expect(toDateTimeLocal(iso)).toBe('2024-05-01T10:30');
    expect(fromDateTimeLocal('')).toBeUndefined();
    expect(fromDateTimeLocal('nonsense')).toBeUndefined();
    expect(toDateTimeLocal(undefined)).toBe('');
    expect(toDateTimeLocal('nonsense')).toBe('');
  });
});
