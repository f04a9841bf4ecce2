import { JsonValue } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import {
  Exemption,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import { readTracks } from '../tracks/readTracks';
import { readmeCheck } from '../__testUtils__/checks';
import { evaluateCondition } from './conditions';
import { effectiveState, levelOf } from './levels';
import { buildMatrix, rollupRows, trendPoints } from './rollups';

const now = new Date('2026-11-21T12:00:00Z');

function exemption(overrides: Partial<Exemption> = {}): Exemption {
  return {
    id: 'e1',
    entityRef: 'component:default/a',
    checkId: 'has-readme',
    justification: 'Migrating the docs to TechDocs',
    expiresAt: '2026-12-01T00:00:00Z',
    createdBy: 'user:default/ann',
    createdAt: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

const TRACKS_CONFIG = {
  techInsights: {
    scorecards: {
      tracks: [
        {
          id: 'basics',
          title: 'Repository basics',
          levels: [
            {
              name: 'Bronze',
              checks: [readmeCheck],
            },
            {
              name: 'Silver',
              checks: [
                {
                  id: 'has-codeowners',
                  name: 'CODEOWNERS',
                  description: 'Code owners',
                  remediation: 'Add .github/CODEOWNERS',
                  rule: {
                    all: [
                      { fact: 'hasCodeowners', operator: 'equal', value: true },
                      { fact: 'ownerIsSquad', operator: 'equal', value: true },
                    ],
                  },
                },
                {
                  id: 'recent-push',
                  name: 'Active',
                  description: 'Pushed within 180 days',
                  remediation: 'Archive it or keep it maintained',
                  rule: {
                    fact: 'daysSinceLastPush',
                    operator: 'lessThanInclusive',
                    value: 180,
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  },
};

describe('conditions', () => {
  it('compares with json-rules-engine operators and explains failures', () => {
    expect(
      evaluateCondition(
        {
          fact: 'daysSinceLastPush',
          operator: 'lessThanInclusive',
          value: 180,
        },
        { daysSinceLastPush: 180 },
      ),
    ).toEqual({ result: 'passed', reasons: [] });
    expect(
      evaluateCondition(
        {
          fact: 'daysSinceLastPush',
          operator: 'lessThanInclusive',
          value: 180,
        },
        { daysSinceLastPush: 400 },
      ),
    ).toEqual({
      result: 'failed',
      reasons: ['daysSinceLastPush is 400, should be at most 180'],
    });
    expect(
      evaluateCondition(
        { fact: 'tier', operator: 'in', value: [1, 2] },
        { tier: 3 },
      ).result,
    ).toBe('failed');
    expect(
      evaluateCondition(
        { fact: 'tags', operator: 'contains', value: 'pci' },
        { tags: ['pci', 'java'] },
      ).result,
    ).toBe('passed');
    // A number compared with a string never passes (no coercion).
    expect(
      evaluateCondition(
        { fact: 'n', operator: 'greaterThan', value: 1 },
        { n: '5' },
      ).result,
    ).toBe('failed');
  });

  it('is unknown when a missing fact decides the outcome, failed when another fails', () => {
    const rule = {
      all: [
        { fact: 'hasCodeowners', operator: 'equal' as const, value: true },
        { fact: 'ownerIsSquad', operator: 'equal' as const, value: true },
      ],
    };
    expect(evaluateCondition(rule, { ownerIsSquad: true })).toEqual({
      result: 'unknown',
      reasons: ['hasCodeowners is not known yet'],
    });
    expect(evaluateCondition(rule, { ownerIsSquad: false }).result).toBe(
      'failed',
    );
    const any = { any: rule.all };
    expect(evaluateCondition(any, { ownerIsSquad: true }).result).toBe(
      'passed',
    );
    expect(evaluateCondition(any, { ownerIsSquad: false }).result).toBe(
      'unknown',
    );
    expect(
      evaluateCondition({ not: rule.all[0] }, { hasCodeowners: true }).result,
    ).toBe('failed');
  });
});

describe('levels', () => {
  const [track] = readTracks(new ConfigReader(TRACKS_CONFIG));

  it('holds level N only when every check at N and below passes', () => {
    const states: Record<string, any> = {
      'has-readme': 'passed',
      'has-codeowners': 'passed',
      'recent-push': 'failed',
    };
    expect(levelOf(track, id => states[id])).toBe(1);
    states['recent-push'] = 'passed';
    expect(levelOf(track, id => states[id])).toBe(2);
    // Level 2 passing does not count while level 1 fails.
    states['has-readme'] = 'failed';
    expect(levelOf(track, id => states[id])).toBe(0);
    // Unknown is not passing; a missing result neither.
    states['has-readme'] = 'unknown';
    expect(levelOf(track, id => states[id])).toBe(0);
    expect(levelOf(track, () => undefined)).toBe(0);
  });

  it('counts an active exemption as passing, an expired or revoked one not', () => {
    expect(effectiveState('failed', exemption(), now)).toBe('exempt');
    expect(effectiveState('unknown', exemption(), now)).toBe('exempt');
    expect(effectiveState('passed', exemption(), now)).toBe('passed');
    expect(
      effectiveState(
        'failed',
        exemption({ expiresAt: '2026-11-21T11:59:59Z' }),
        now,
      ),
    ).toBe('failed');
    expect(
      effectiveState(
        'failed',
        exemption({
          revokedAt: '2026-11-20T00:00:00Z',
          revokedBy: 'user:default/platform',
        }),
        now,
      ),
    ).toBe('failed');
    const states: Record<string, any> = {
      'has-readme': effectiveState('failed', exemption(), now),
      'has-codeowners': 'passed',
      'recent-push': 'passed',
    };
    expect(levelOf(track, id => states[id])).toBe(2);
  });
});

describe('readTracks', () => {
  it('numbers levels and finds the retrievers of each rule', () => {
    const [track] = readTracks(new ConfigReader(TRACKS_CONFIG));
    expect(track.appliesTo).toEqual({ kinds: ['component'] });
    expect(track.levels.map(l => [l.level, l.name])).toEqual([
      [1, 'Bronze'],
      [2, 'Silver'],
    ]);
    expect(track.levels[1].checks[0].factIds.sort()).toEqual([
      'meridian-catalog',
      'meridian-github',
    ]);
  });

  it('names the field of a mistake', () => {
    const withRule = (rule: JsonValue) =>
      new ConfigReader({
        techInsights: {
          scorecards: {
            tracks: [
              {
                id: 'basics',
                title: 'Basics',
                levels: [
                  {
                    name: 'Bronze',
                    checks: [
                      {
                        id: 'x',
                        name: 'X',
                        description: 'X',
                        remediation: 'Fix X',
                        rule,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
      });
    expect(() =>
      readTracks(
        withRule({ fact: 'hasReadmee', operator: 'equal', value: true }),
      ),
    ).toThrow(
      /techInsights\.scorecards\.tracks\[0\]\.levels\[0\]\.checks\[0\]\.rule: unknown fact 'hasReadmee'/,
    );
    expect(() =>
      readTracks(
        withRule({ fact: 'hasReadme', operator: 'equals', value: true }),
      ),
    ).toThrow(
      /techInsights\.scorecards\.tracks\[0\]\.levels\[0\]\.checks\[0\]\.rule/,
    );
    const duplicate = JSON.parse(JSON.stringify(TRACKS_CONFIG));
    duplicate.techInsights.scorecards.tracks[0].levels[1].checks[1].id =
      'has-readme';
    expect(() => readTracks(new ConfigReader(duplicate))).toThrow(
      /checks\[1\]\.id: 'has-readme' is used by another check/,
    );
  });
});

describe('roll-ups', () => {
  const [track] = readTracks(new ConfigReader(TRACKS_CONFIG));
  const tracks: ScorecardTrack[] = [track];
  const groups = [
    { groupRef: 'group:default/bank', title: 'Bank', type: 'organisation' },
    {
      groupRef: 'group:default/colony-payments',
      title: 'Payments',
      type: 'colony',
      parentRef: 'group:default/bank',
    },
    {
      groupRef: 'group:default/squad-aura',
      title: 'Aura',
      type: 'squad',
      parentRef: 'group:default/colony-payments',
    },
    {
      groupRef: 'group:default/squad-orion',
      title: 'Orion',
      type: 'squad',
      parentRef: 'group:default/colony-payments',
    },
  ];

  it('rolls squads up into their colony and the organisation', () => {
    const matrix = buildMatrix(
      tracks,
      [
        {
          ownerRef: 'group:default/squad-aura',
          trackId: 'basics',
          level: 2,
          count: 1,
        },
        {
          ownerRef: 'group:default/squad-aura',
          trackId: 'basics',
          level: 0,
          count: 1,
        },
        {
          ownerRef: 'group:default/squad-orion',
          trackId: 'basics',
          level: 1,
          count: 2,
        },
        { trackId: 'basics', level: 0, count: 1 },
      ],
      groups,
    );
    const aura = matrix.squads.find(s => s.groupRef.endsWith('squad-aura'))!;
    expect(aura.tracks[0]).toEqual({
      trackId: 'basics',
      components: 2,
      atLevel: [1, 0, 1],
      certifiedPercent: [50, 50],
    });
    expect(matrix.colonies[0].tracks[0]).toMatchObject({
      components: 4,
      atLevel: [1, 2, 1],
      certifiedPercent: [75, 25],
    });
    // Unowned components count for the organisation only.
    expect(matrix.organisation.tracks[0]).toMatchObject({
      components: 5,
      certifiedPercent: [60, 20],
    });
    expect(matrix.organisation.title).toBe('Bank');
  });

  it('keeps daily rows per group and turns them into trends', () => {
    const rows = rollupRows(
      [
        { ownerRef: 'group:default/squad-aura', levels: { basics: 2 } },
        { ownerRef: 'group:default/squad-orion', levels: { basics: 0 } },
      ],
      groups,
    );
    expect(
      rows
        .filter(r => r.groupRef === 'group:default/colony-payments')
        .sort((a, b) => a.level - b.level),
    ).toEqual([
      {
        groupRef: 'group:default/colony-payments',
        trackId: 'basics',
        level: 0,
        components: 1,
      },
      {
        groupRef: 'group:default/colony-payments',
        trackId: 'basics',
        level: 2,
        components: 1,
      },
    ]);
    expect(
      trendPoints(track, [
        { day: '2026-11-20', level: 0, components: 2 },
        { day: '2026-11-21', level: 1, components: 1 },
        { day: '2026-11-21', level: 2, components: 1 },
      ]),
    ).toEqual([
      { day: '2026-11-20', components: 2, certifiedPercent: [0, 0] },
      { day: '2026-11-21', components: 2, certifiedPercent: [100, 50] },
    ]);
  });
});
