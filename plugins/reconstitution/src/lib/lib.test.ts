import {
  formatDuration,
  fromDateTimeLocal,
  toDateTimeLocal,
} from '@internal/backstage-plugin-portal-react';
import { MAX_ENTITY_IDS, parseEntityIds } from './entityIds';
import { formatRate } from './format';
import { parseRate } from './rate';
import { receiverMatches } from './receivers';

describe('parseEntityIds', () => {
  it('splits on lines, commas, semicolons and whitespace, dropping blanks and repeats', () => {
    expect(parseEntityIds('a\nb, c;d  e\t\n\n,a\r\nb')).toEqual({
      ids: ['a', 'b', 'c', 'd', 'e'],
      duplicates: 2,
      tooMany: false,
    });
    expect(parseEntityIds('  \n , ')).toEqual({
      ids: [],
      duplicates: 0,
      tooMany: false,
    });
  });

  it(`flags more than ${MAX_ENTITY_IDS} distinct ids, not repeats`, () => {
    const ids = Array.from({ length: MAX_ENTITY_IDS }, (_, i) => `e${i}`);
    expect(parseEntityIds(`${ids.join('\n')}\ne0`).tooMany).toBe(false);
    const over = parseEntityIds(`${ids.join('\n')}\nextra`);
    expect(over.tooMany).toBe(true);
    expect(over.ids).toHaveLength(MAX_ENTITY_IDS + 1);
  });
});

describe('format', () => {
  it('reads datetime-local values as local time', () => {
    const iso = fromDateTimeLocal('2024-05-01T10:30');
    expect(iso).toBe(new Date(2024, 4, 1, 10, 30).toISOString());
    expect(toDateTimeLocal(iso)).toBe('2024-05-01T10:30');
    expect(fromDateTimeLocal('')).toBeUndefined();
  });

  it('formats durations and rates', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(130)).toBe('2m 10s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3h 05m');
    expect(formatDuration(50 * 3600)).toBe('2d 2h');
    expect(formatRate(498.74)).toBe('499/s');
    expect(formatRate(12.34)).toBe('12.3/s');
  });
});

describe('parseRate', () => {
  it('takes empty or a positive whole number', () => {
    expect(parseRate(' ')).toEqual({});
    expect(parseRate('250')).toEqual({ rate: 250 });
    for (const bad of ['0', '-1', '2.5', 'fast', '100001']) {
      expect(parseRate(bad).error).toBeDefined();
    }
  });
});

describe('receiverMatches', () => {
  const receiver = {
    entityRef: 'component:default/payments-read-model',
    title: 'Payments read model',
    ownerRef: 'group:default/squad-aura',
    queues: ['payments.events'],
  };
  it('matches every typed word in title, ref or owner', () => {
    expect(receiverMatches(receiver, 'payments aura')).toBe(true);
    expect(receiverMatches(receiver, 'READ-MODEL')).toBe(true);
    expect(receiverMatches(receiver, 'payments nova')).toBe(false);
    expect(receiverMatches(receiver, '')).toBe(true);
  });
});
