import { makeRollup, makeTrack } from '../testing/FakeScorecardsApi';
import { formatPercent, toDateInput } from './format';
import {
  catalogPath,
  expiryInstant,
  indexChecks,
  levelBreakdown,
  levelText,
  percentTone,
  refName,
  shortLevel,
  validateExemption,
} from './scorecards';

describe('scorecards helpers', () => {
  const track = makeTrack();

  it('names levels as "Level n of max · Name"', () => {
    expect(levelText(track, 2, 3)).toBe('Level 2 of 3 · Silver');
    expect(levelText(track, 0, 3)).toBe('Level 0 of 3 · Not certified');
    expect(levelText(undefined, 1, 2)).toBe('Level 1 of 2');
    expect(shortLevel(track, 3)).toBe('L3 · Gold');
    expect(shortLevel(track, 0)).toBe('L0');
  });

  it('reads entity refs leniently', () => {
    expect(refName('group:default/squad-aura')).toBe('squad-aura');
    expect(refName('organisation')).toBe('organisation');
    expect(catalogPath('component:default/payments-api')).toBe(
      '/catalog/default/component/payments-api',
    );
    expect(catalogPath('Component:Team-X/Ledger')).toBe(
      '/catalog/team-x/component/Ledger',
    );
    expect(catalogPath('ledger')).toBe('/catalog/default/component/ledger');
  });

  it('indexes checks per track and overall', () => {
    const index = indexChecks([track]);
    expect(index.get('has-ci')?.level).toBe(2);
    expect(index.inTrack('service-maturity', 'has-slo')?.check.name).toBe(
      'Declares SLOs',
    );
    expect(index.inTrack('other', 'has-owner')?.level).toBe(1);
  });

  it('rates and breaks down percentages', () => {
    expect(percentTone(85)).toBe('good');
    expect(percentTone(50)).toBe('fair');
    expect(percentTone(10)).toBe('low');
    expect(percentTone(100, 0)).toBe('none');
    expect(levelBreakdown(makeRollup('t', [4, 4, 2, 0]))).toBe(
      'L1 60% · L2 20% · L3 0%',
    );
    expect(formatPercent(33.333)).toBe('33.3%');
    expect(formatPercent(60)).toBe('60%');
  });

  it('validates exemption requests', () => {
    const now = new Date(2024, 4, 1, 12, 0, 0);
    const inDays = (days: number) => toDateInput(new Date(2024, 4, 1 + days));
    expect(
      validateExemption({ justification: '', expiresOn: '' }, now),
    ).toEqual({
      justification: 'A justification is required',
      expiresOn: 'An expiry date is required',
    });
    expect(
      validateExemption(
        { justification: 'too short', expiresOn: inDays(0) },
        now,
      ),
    ).toEqual({
      justification: 'The justification must be at least 10 characters long',
      expiresOn: 'The expiry date must be in the future',
    });
    expect(
      validateExemption(
        { justification: 'Long enough reason', expiresOn: inDays(366) },
        now,
      ),
    ).toEqual({
      expiresOn: 'The expiry date must be at most one year ahead',
    });
    expect(
      validateExemption(
        { justification: 'Long enough reason', expiresOn: '2024-02-30' },
        now,
      ).expiresOn,
    ).toBe('Enter the expiry date as YYYY-MM-DD');
    expect(
      validateExemption(
        { justification: '  Long enough reason ', expiresOn: inDays(365) },
        now,
      ),
    ).toEqual({});
    expect(new Date(expiryInstant('2024-06-01')).getTime()).toBe(
      new Date(2024, 5, 1).getTime(),
    );
  });
});
