import type { Exemption } from '../api';
import { makeCheckResult, makeScorecard } from '../testing/FakeScorecardsApi';
import { activeExemptionOf, isActiveExemption } from './exemptions';

const NOW = Date.parse('2024-05-01T00:00:00Z');

function exemption(overrides: Partial<Exemption> = {}): Exemption {
  return {
    id: 'x1',
    entityRef: 'component:default/payments-api',
    checkId: 'has-ci',
    justification: 'Migrating the pipeline',
    expiresAt: '2024-06-01T00:00:00Z',
    createdBy: 'user:default/guest',
    createdAt: '2024-04-01T00:00:00Z',
    ...overrides,
  };
}

describe('isActiveExemption', () => {
  it('holds until it expires or is revoked', () => {
    expect(isActiveExemption(exemption(), NOW)).toBe(true);
    expect(
      isActiveExemption(exemption({ expiresAt: '2024-04-30T00:00:00Z' }), NOW),
    ).toBe(false);
    expect(
      isActiveExemption(exemption({ revokedAt: '2024-04-15T00:00:00Z' }), NOW),
    ).toBe(false);
  });
});

describe('activeExemptionOf', () => {
  it("prefers the check result's exemption, else a listed one", () => {
    const carried = exemption({ id: 'carried' });
    const scorecard = makeScorecard({
      tracks: [
        {
          trackId: 'service-maturity',
          level: 1,
          maxLevel: 3,
          checks: [makeCheckResult({ checkId: 'has-ci', exemption: carried })],
        },
      ],
    });
    const listed = exemption({ id: 'listed' });
    expect(activeExemptionOf('has-ci', scorecard, [listed], NOW)).toBe(carried);
    expect(activeExemptionOf('has-ci', undefined, [listed], NOW)).toBe(listed);
  });

  it('skips exemptions that no longer hold', () => {
    const revoked = exemption({ revokedAt: '2024-04-15T00:00:00Z' });
    expect(activeExemptionOf('has-ci', undefined, [revoked], NOW)).toBe(
      undefined,
    );
    expect(
      activeExemptionOf('has-slo', undefined, [exemption()], NOW),
    ).toBeUndefined();
  });
});
