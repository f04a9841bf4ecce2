import { backendError } from '@internal/backstage-plugin-portal-react/testing';
import type {
  CheckResult,
  CreateExemptionRequest,
  EntityHistory,
  EntityScorecard,
  EvaluationSummary,
  Exemption,
  GroupRollup,
  GroupScorecard,
  GroupTrend,
  RerunResult,
  ScorecardMatrix,
  ScorecardsApi,
  ScorecardTrack,
  TrackRollup,
  TrendRequest,
} from '../api';

// Tests import the backend's errors with the fake.
export { backendError };

const DAY = 24 * 3600 * 1000;
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
export const daysAgo = (days: number) => ago(days * DAY);

/** A service track of three levels: Bronze, Silver, Gold. */
export function makeTrack(
  overrides: Partial<ScorecardTrack> = {},
): ScorecardTrack {
  const check = (id: string, name: string, link?: string) => ({
    id,
    name,
    description: `${name} (description)`,
    remediation: `Fix ${name.toLowerCase()}`,
    ...(link ? { link } : {}),
    factIds: ['catalog'],
    rule: { fact: id, operator: 'equal' as const, value: true },
  });
  return {
    id: 'service-maturity',
    title: 'Service maturity',
    description: 'Production readiness of services',
    appliesTo: { kinds: ['component'], types: ['service'] },
    levels: [
      {
        level: 1,
        name: 'Bronze',
        checks: [
          check('has-owner', 'Has an owner'),
          check('has-readme', 'Has a README', 'https://example.com/readme'),
        ],
      },
      {
        level: 2,
        name: 'Silver',
        checks: [check('has-ci', 'Runs CI', 'https://example.com/ci')],
      },
      {
        level: 3,
        name: 'Gold',
        checks: [check('has-slo', 'Declares SLOs')],
      },
    ],
    ...overrides,
  };
}

export function makeCheckResult(
  overrides: Partial<CheckResult> & { checkId: string },
): CheckResult {
  return {
    state: 'passed',
    facts: {},
    since: daysAgo(3),
    ...overrides,
  };
}

/**
 * A component at level 1 of the service track: owner and README pass, CI
 * fails, SLOs unknown.
 */
export function makeScorecard(
  overrides: Partial<RerunResult> = {},
): RerunResult {
  return {
    entityRef: 'component:default/payments-api',
    ownerRef: 'group:default/squad-aura',
    evaluatedAt: ago(5 * 60 * 1000),
    tracks: [
      {
        trackId: 'service-maturity',
        level: 1,
        maxLevel: 3,
        checks: [
          makeCheckResult({ checkId: 'has-owner' }),
          makeCheckResult({ checkId: 'has-readme' }),
          makeCheckResult({
            checkId: 'has-ci',
            state: 'failed',
            reason: 'ci.workflows is 0, expected greater than 0',
            since: daysAgo(2),
          }),
          makeCheckResult({
            checkId: 'has-slo',
            state: 'unknown',
            reason: 'Fact slo.count is missing',
          }),
        ],
      },
    ],
    ...overrides,
  };
}

export function makeRollup(trackId: string, atLevel: number[]): TrackRollup {
  const components = atLevel.reduce((sum, n) => sum + n, 0);
  const certifiedPercent = atLevel.slice(1).map((_, index) => {
    const atLeast = atLevel.slice(index + 1).reduce((sum, n) => sum + n, 0);
    return components ? (atLeast / components) * 100 : 0;
  });
  return { trackId, components, atLevel, certifiedPercent };
}

export function makeGroup(
  overrides: Partial<GroupRollup> & { groupRef: string },
): GroupRollup {
  const tracks = overrides.tracks ?? [
    makeRollup('service-maturity', [2, 3, 4, 1]),
  ];
  return {
    title: overrides.groupRef.split('/').pop() ?? overrides.groupRef,
    type: 'squad',
    components: tracks[0]?.components ?? 0,
    tracks,
    ...overrides,
  };
}

/** Colony Payments with squads Aura (60 % certified) and Orion. */
export function makeMatrix(
  overrides: Partial<ScorecardMatrix> = {},
): ScorecardMatrix {
  return {
    evaluatedAt: ago(60 * 60 * 1000),
    tracks: [makeTrack()],
    organisation: makeGroup({
      groupRef: 'organisation',
      title: 'Organisation',
      type: 'organisation',
      tracks: [makeRollup('service-maturity', [6, 6, 6, 2])],
    }),
    colonies: [
      makeGroup({
        groupRef: 'group:default/colony-payments',
        title: 'Colony Payments',
        type: 'colony',
        tracks: [makeRollup('service-maturity', [6, 6, 6, 2])],
      }),
    ],
    squads: [
      makeGroup({
        groupRef: 'group:default/squad-aura',
        title: 'Squad Aura',
        parentRef: 'group:default/colony-payments',
        tracks: [makeRollup('service-maturity', [4, 4, 2, 0])],
      }),
      makeGroup({
        groupRef: 'group:default/squad-orion',
        title: 'Squad Orion',
        parentRef: 'group:default/colony-payments',
        tracks: [makeRollup('service-maturity', [2, 2, 4, 2])],
      }),
    ],
    ...overrides,
  };
}

export function makeGroupScorecard(
  overrides: Partial<GroupScorecard> = {},
): GroupScorecard {
  return {
    group: makeGroup({
      groupRef: 'group:default/squad-aura',
      title: 'Squad Aura',
      parentRef: 'group:default/colony-payments',
      tracks: [makeRollup('service-maturity', [4, 4, 2, 0])],
    }),
    blockers: [
      {
        trackId: 'service-maturity',
        checkId: 'has-readme',
        level: 1,
        blocked: 5,
        failing: 5,
      },
      {
        trackId: 'service-maturity',
        checkId: 'has-ci',
        level: 2,
        blocked: 4,
        failing: 5,
      },
      {
        trackId: 'service-maturity',
        checkId: 'has-slo',
        level: 3,
        blocked: 2,
        failing: 8,
      },
      {
        trackId: 'service-maturity',
        checkId: 'has-owner',
        level: 1,
        blocked: 1,
        failing: 1,
      },
    ],
    components: [
      {
        entityRef: 'component:default/payments-api',
        title: 'Payments API',
        levels: { 'service-maturity': 1 },
        failingChecks: ['has-ci'],
      },
      {
        entityRef: 'component:default/ledger',
        levels: { 'service-maturity': 0 },
        failingChecks: ['has-readme', 'has-ci'],
      },
    ],
    ...overrides,
  };
}

/**
 * An in-memory {@link ScorecardsApi} for tests and the dev app. It records
 * the requests it gets and answers roughly like the backend.
 */
export class FakeScorecardsApi implements ScorecardsApi {
  tracks: ScorecardTrack[];
  /** Scorecards by entity ref; an entity not here is a 404. */
  scorecards: Record<string, EntityScorecard>;
  /** What the next re-run answers per entity (else the scorecard itself). */
  rerunResults: Record<string, RerunResult> = {};
  histories: Record<string, EntityHistory> = {};
  exemptions: Exemption[] = [];
  matrix: ScorecardMatrix;
  groups: Record<string, GroupScorecard>;
  trends: Record<string, GroupTrend> = {};
  csv = 'entityRef,track,level\n';
  evaluation: EvaluationSummary = {
    evaluatedAt: new Date().toISOString(),
    entities: 42,
    results: 310,
    durationMs: 4200,
  };

  /** When set, every call fails with it. */
  error?: Error;
  rerunError?: Error;
  createExemptionError?: Error;
  revokeError?: Error;
  evaluateError?: Error;
  /** When set, re-runs wait for it before answering. */
  rerunGate?: Promise<void>;

  readonly scorecardRequests: string[] = [];
  readonly rerunRequests: string[] = [];
  readonly createExemptionRequests: CreateExemptionRequest[] = [];
  readonly revokeRequests: string[] = [];
  readonly groupRequests: string[] = [];
  readonly trendRequests: TrendRequest[] = [];
  readonly exportRequests: Array<string | undefined> = [];
  evaluateRequests = 0;

  constructor(
    options: {
      tracks?: ScorecardTrack[];
      scorecards?: EntityScorecard[];
      matrix?: ScorecardMatrix;
      groups?: GroupScorecard[];
    } = {},
  ) {
    this.tracks = options.tracks ?? [makeTrack()];
    this.scorecards = Object.fromEntries(
      (options.scorecards ?? [makeScorecard()]).map(s => [s.entityRef, s]),
    );
    this.matrix = options.matrix ?? makeMatrix();
    this.groups = Object.fromEntries(
      (options.groups ?? [makeGroupScorecard()]).map(g => [
        g.group.groupRef,
        g,
      ]),
    );
  }

  private async check() {
    if (this.error) throw this.error;
  }

  private async known(entityRef: string): Promise<EntityScorecard> {
    const scorecard = this.scorecards[entityRef];
    if (!scorecard) {
      throw await backendError(
        404,
        'NotFoundError',
        `No scorecard for ${entityRef}`,
      );
    }
    return scorecard;
  }

  async listTracks() {
    await this.check();
    return this.tracks;
  }

  async getEntityScorecard(entityRef: string) {
    await this.check();
    this.scorecardRequests.push(entityRef);
    return this.known(entityRef);
  }

  async rerunEntity(entityRef: string) {
    await this.check();
    this.rerunRequests.push(entityRef);
    if (this.rerunGate) await this.rerunGate;
    if (this.rerunError) throw this.rerunError;
    const result =
      this.rerunResults[entityRef] ?? (await this.known(entityRef));
    this.scorecards[entityRef] = result;
    return result;
  }

  async getEntityHistory(entityRef: string) {
    await this.check();
    return this.histories[entityRef] ?? { levels: [], checks: [] };
  }

  async listExemptions(entityRef: string) {
    await this.check();
    return this.exemptions.filter(e => e.entityRef === entityRef);
  }

  async createExemption(request: CreateExemptionRequest) {
    await this.check();
    this.createExemptionRequests.push(request);
    if (this.createExemptionError) throw this.createExemptionError;
    const exemption: Exemption = {
      id: `ex-${this.createExemptionRequests.length}`,
      ...request,
      createdBy: 'user:default/guest',
      createdAt: new Date().toISOString(),
    };
    this.exemptions.push(exemption);
    return exemption;
  }

  async revokeExemption(id: string) {
    await this.check();
    this.revokeRequests.push(id);
    if (this.revokeError) throw this.revokeError;
    const index = this.exemptions.findIndex(e => e.id === id);
    if (index < 0) {
      throw await backendError(404, 'NotFoundError', `No exemption ${id}`);
    }
    const revoked: Exemption = {
      ...this.exemptions[index],
      revokedBy: 'user:default/guest',
      revokedAt: new Date().toISOString(),
    };
    this.exemptions[index] = revoked;
    return revoked;
  }

  async getMatrix() {
    await this.check();
    return this.matrix;
  }

  async getGroupScorecard(groupRef: string) {
    await this.check();
    this.groupRequests.push(groupRef);
    const group = this.groups[groupRef];
    if (!group) {
      throw await backendError(404, 'NotFoundError', `No group ${groupRef}`);
    }
    return group;
  }

  async getTrend(request: TrendRequest) {
    await this.check();
    this.trendRequests.push(request);
    const groupRef = request.group ?? 'organisation';
    return (
      this.trends[`${groupRef}|${request.track}`] ?? {
        groupRef,
        trackId: request.track,
        points: [
          {
            day: daysAgo(2).slice(0, 10),
            components: 10,
            certifiedPercent: [40, 10, 0],
          },
          {
            day: daysAgo(1).slice(0, 10),
            components: 10,
            certifiedPercent: [50, 20, 0],
          },
          {
            day: daysAgo(0).slice(0, 10),
            components: 10,
            certifiedPercent: [60, 20, 10],
          },
        ],
      }
    );
  }

  async getExportUrl(request: { group?: string } = {}) {
    const query = request.group
      ? `?${new URLSearchParams({ group: request.group })}`
      : '';
    return `http://localhost:7007/api/tech-insights/scorecards/export.csv${query}`;
  }

  async exportCsv(request: { group?: string } = {}) {
    await this.check();
    this.exportRequests.push(request.group);
    return new Blob([this.csv], { type: 'text/csv' });
  }

  async evaluateAll() {
    await this.check();
    this.evaluateRequests += 1;
    if (this.evaluateError) throw this.evaluateError;
    return this.evaluation;
  }
}
