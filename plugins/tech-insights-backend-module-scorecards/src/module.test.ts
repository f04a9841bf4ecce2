import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import {
  EntityScorecard,
  ScorecardMatrix,
} from '@internal/backstage-plugin-tech-insights-common';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import request from 'supertest';
import { techInsightsModuleScorecards } from './module';
import { readmeCheck } from './__testUtils__/checks';

jest.setTimeout(120_000);

const TOKEN = 'scorecards-test';
const OWNER = 'user:default/ann';
const STRANGER = 'user:default/zed';
const PLATFORM = 'user:default/pat';

function group(name: string, type: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [], ...(parent ? { parent } : {}) },
  };
}

function component(name: string, repo: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      description: `The ${name} service of the payments colony`,
      annotations: { 'github.com/project-slug': `meridian/${repo}` },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const TRACKS = [
  {
    id: 'basics',
    title: 'Repository basics',
    levels: [
      {
        name: 'Bronze',
        checks: [
          {
            id: 'owned-by-squad',
            name: 'Owned by a squad',
            description: 'spec.owner is a squad',
            remediation: 'Set spec.owner to your squad',
            rule: { fact: 'ownerIsSquad', operator: 'equal', value: true },
          },
          readmeCheck,
        ],
      },
      {
        name: 'Silver',
        checks: [
          {
            id: 'has-codeowners',
            name: 'CODEOWNERS',
            description: 'Code owners declared',
            remediation: 'Add .github/CODEOWNERS naming your squad',
            link: 'https://docs.github.com/articles/about-code-owners',
            rule: { fact: 'hasCodeowners', operator: 'equal', value: true },
          },
        ],
      },
    ],
  },
];

async function repositoryNames(github: LocalGitHub, count: number) {
  const res = await fetch(
    `${github.apiBaseUrl}/orgs/${github.org}/repos?per_page=${count}`,
    { headers: { authorization: `token ${TOKEN}` } },
  );
  return ((await res.json()) as Array<{ name: string }>).map(r => r.name);
}

describe('tech-insights scorecards module', () => {
  let github: LocalGitHub;
  let repos: string[];

  beforeAll(async () => {
    github = await startGitHubServer({ repoCount: 10, seed: 1, token: TOKEN });
    repos = await repositoryNames(github, 3);
    // Known starting points: README everywhere, no CODEOWNERS.
    for (const repo of repos) {
      github.control.putFile(repo, 'README.md', '# Service\n');
      github.control.deleteFile(repo, '.github/CODEOWNERS');
    }
  });

  afterAll(() => github?.close());

  async function start(options: { allowAll?: boolean } = {}) {
    const owned = new Set(['component:default/payments-api']);
    const { server } = await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsModuleScorecards,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: github.host,
                  apiBaseUrl: github.apiBaseUrl,
                  token: TOKEN,
                },
              ],
            },
            techInsights: { scorecards: { tracks: TRACKS } },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            group('bank', 'organisation'),
            group('colony-payments', 'colony', 'bank'),
            group('squad-aura', 'squad', 'colony-payments'),
            group('squad-orion', 'squad', 'colony-payments'),
            component('payments-api', repos[0], 'squad-aura'),
            component('ledger', repos[1], 'squad-orion'),
            component('orphan', repos[2], 'nobody'),
          ],
        }),
        // Owners of a component (and the platform team) may act on it;
        // the portal's real policy is tested with the backend.
        mockServices.permissions.mock({
          authorize: async (requests, authorizeOptions) =>
            requests.map(r => {
              const user = (authorizeOptions.credentials.principal as any)
                .userEntityRef as string | undefined;
              if (user === PLATFORM || options.allowAll) {
                return { result: AuthorizeResult.ALLOW };
              }
              if (r.permission.name.endsWith('.read')) {
                return { result: AuthorizeResult.ALLOW };
              }
              const resourceRef = (r as { resourceRef?: string }).resourceRef;
              return {
                result:
                  user === OWNER && resourceRef && owned.has(resourceRef)
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }),
        }).factory,
      ],
    });
    return server;
  }

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  it('evaluates on demand from facts fetched at the source, and the level follows the repository', async () => {
    const server = await start();
    const base = '/api/tech-insights/scorecards';

    expect(
      (await request(server).get(`${base}/tracks`).set(as(STRANGER))).body
        .items[0].levels[1].checks[0].factIds,
    ).toEqual(['meridian-github']);

    await request(server)
      .get(`${base}/entities/default/component/payments-api`)
      .set(as(OWNER))
      .expect(404);

    const first = await request(server)
      .post(`${base}/entities/default/component/payments-api/run`)
      .set(as(OWNER))
      .expect(200);
    const card = first.body as EntityScorecard & { warnings: string[] };
    expect(card.warnings).toEqual([
      // No dead-letter plugin in this backend: its facts stay unknown,
      // the other retrievers still ran.
      expect.stringMatching(/^meridian-dead-letters: /),
    ]);
    expect(card.tracks).toHaveLength(1);
    expect(card.tracks[0].level).toBe(1);
    const codeowners = card.tracks[0].checks.find(
      c => c.checkId === 'has-codeowners',
    )!;
    expect(codeowners).toMatchObject({
      state: 'failed',
      reason: 'hasCodeowners is false, should equal true',
      facts: { hasCodeowners: false },
    });

    // The community fact checker runs the same checks and agrees.
    const community = await request(server)
      .post(`/api/tech-insights/checks/run/default/component/payments-api`)
      .set(as(PLATFORM))
      .send({})
      .expect(200);
    expect(
      Object.fromEntries(
        (
          community.body as Array<{ check: { id: string }; result: boolean }>
        ).map(r => [r.check.id, r.result]),
      ),
    ).toEqual({
      'owned-by-squad': true,
      'has-readme': true,
      'has-codeowners': false,
    });

    github.control.putFile(
      repos[0],
      '.github/CODEOWNERS',
      '* @meridian/squad-aura\n',
    );
    const second = await request(server)
      .post(`${base}/entities/default/component/payments-api/run`)
      .set(as(OWNER))
      .expect(200);
    expect((second.body as EntityScorecard).tracks[0].level).toBe(2);

    const history = await request(server)
      .get(`${base}/entities/default/component/payments-api/history`)
      .set(as(STRANGER))
      .expect(200);
    expect(history.body.levels.map((l: { level: number }) => l.level)).toEqual([
      2, 1,
    ]);

    // Not an owner: no re-run.
    const denied = await request(server)
      .post(`${base}/entities/default/component/ledger/run`)
      .set(as(OWNER))
      .expect(403);
    expect(denied.body.error.message).toMatch(
      /Only the owners of component:default\/ledger/,
    );
  });

  it('exempts with a justification and expiry, lets only the platform team revoke, and audits both', async () => {
    const server = await start();
    const base = '/api/tech-insights/scorecards';
    github.control.deleteFile(repos[0], '.github/CODEOWNERS');
    await request(server)
      .post(`${base}/entities/default/component/payments-api/run`)
      .set(as(OWNER))
      .expect(200);

    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const bad = await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send({
        entityRef: 'component:default/payments-api',
        checkId: 'has-codeowners',
        justification: 'soon',
        expiresAt,
      })
      .expect(400);
    expect(bad.body.error.message).toMatch(
      /justification: give a justification/,
    );
    const past = await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send({
        entityRef: 'component:default/payments-api',
        checkId: 'has-codeowners',
        justification: 'CODEOWNERS comes with the monorepo move',
        expiresAt: '2020-01-01T00:00:00Z',
      })
      .expect(400);
    expect(past.body.error.message).toMatch(/expiresAt: must be in the future/);
    const unknown = await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send({
        entityRef: 'component:default/payments-api',
        checkId: 'no-such-check',
        justification: 'CODEOWNERS comes with the monorepo move',
        expiresAt,
      })
      .expect(400);
    expect(unknown.body.error.message).toMatch(/checkId: unknown check/);
    await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send({
        entityRef: 'component:default/ledger',
        checkId: 'has-codeowners',
        justification: 'CODEOWNERS comes with the monorepo move',
        expiresAt,
      })
      .expect(403);

    const created = await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send({
        entityRef: 'component:default/payments-api',
        checkId: 'has-codeowners',
        justification: 'CODEOWNERS comes with the monorepo move',
        expiresAt,
      })
      .expect(201);
    const exempted = (
      await request(server)
        .get(`${base}/entities/default/component/payments-api`)
        .set(as(STRANGER))
        .expect(200)
    ).body as EntityScorecard;
    expect(exempted.tracks[0].level).toBe(2);
    expect(
      exempted.tracks[0].checks.find(c => c.checkId === 'has-codeowners'),
    ).toMatchObject({
      state: 'exempt',
      exemption: { id: created.body.id, createdBy: OWNER },
    });

    await request(server)
      .post(`${base}/exemptions/${created.body.id}/revoke`)
      .set(as(OWNER))
      .expect(403);
    await request(server)
      .post(`${base}/exemptions/${created.body.id}/revoke`)
      .set(as(PLATFORM))
      .expect(200);
    const revoked = (
      await request(server)
        .get(`${base}/entities/default/component/payments-api`)
        .set(as(STRANGER))
    ).body as EntityScorecard;
    expect(revoked.tracks[0].level).toBe(1);

    const audit = await request(server)
      .get(`${base}/audit?entityRef=component:default/payments-api`)
      .set(as(STRANGER))
      .expect(200);
    expect(
      audit.body.items.map((a: { action: string; actor: string }) => [
        a.action,
        a.actor,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['exemption.revoke', PLATFORM],
        ['exemption.create', OWNER],
        ['entity.run', OWNER],
      ]),
    );
  });

  it('takes changes from users only: a service token is refused even where the policy allows', async () => {
    const server = await start({ allowAll: true });
    const base = '/api/tech-insights/scorecards';
    const service = { Authorization: mockCredentials.service.header() };
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const exemption = {
      entityRef: 'component:default/payments-api',
      checkId: 'has-codeowners',
      justification: 'CODEOWNERS comes with the monorepo move',
      expiresAt,
    };
    const created = await request(server)
      .post(`${base}/exemptions`)
      .set(as(OWNER))
      .send(exemption)
      .expect(201);

    const changes: Array<[string, object | undefined]> = [
      [`${base}/exemptions/${created.body.id}/revoke`, undefined],
      [`${base}/evaluate`, undefined],
      [`${base}/entities/default/component/payments-api/run`, undefined],
      [`${base}/exemptions`, exemption],
    ];
    for (const [path, body] of changes) {
      const res = await request(server).post(path).set(service).send(body);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.error.name).toBe('NotAllowedError');
    }
    // Nothing changed: the exemption stands, and no service is in the audit.
    const audit = await request(server)
      .get(`${base}/audit?entityRef=component:default/payments-api`)
      .set(service)
      .expect(200);
    expect(
      audit.body.items.map((a: { action: string; actor: string }) => [
        a.action,
        a.actor,
      ]),
    ).toEqual([['exemption.create', OWNER]]);
    const exemptions = await request(server)
      .get(`${base}/exemptions?entityRef=component:default/payments-api`)
      .set(service)
      .expect(200);
    expect(exemptions.body.items).toEqual([
      expect.objectContaining({ id: created.body.id }),
    ]);
    expect(exemptions.body.items[0].revokedAt).toBeUndefined();

    // The same changes from a person go through.
    await request(server)
      .post(`${base}/exemptions/${created.body.id}/revoke`)
      .set(as(PLATFORM))
      .expect(200);
    await request(server)
      .post(`${base}/evaluate`)
      .set(as(PLATFORM))
      .expect(200);
  });

  it('rolls every component up per squad, colony and organisation, with trends and CSV', async () => {
    const server = await start();
    const base = '/api/tech-insights/scorecards';
    github.control.putFile(repos[1], '.github/CODEOWNERS', '* @meridian/x\n');

    await request(server).post(`${base}/evaluate`).set(as(OWNER)).expect(403);
    // Facts first (the scheduled retrievers' job), then everything at once.
    for (const name of ['payments-api', 'ledger']) {
      await request(server)
        .post(`${base}/entities/default/component/${name}/run`)
        .set(as(PLATFORM))
        .expect(200);
    }
    const summary = await request(server)
      .post(`${base}/evaluate`)
      .set(as(PLATFORM))
      .expect(200);
    // The orphan has no facts yet but a track applies: it is evaluated.
    expect(summary.body.entities).toBe(3);

    const matrix = (
      await request(server).get(`${base}/matrix`).set(as(STRANGER)).expect(200)
    ).body as ScorecardMatrix;
    const cell = (groupRef: string) =>
      [...matrix.squads, ...matrix.colonies].find(g => g.groupRef === groupRef)!
        .tracks[0];
    expect(cell('group:default/squad-aura')).toMatchObject({
      components: 1,
      certifiedPercent: [100, 0],
    });
    expect(cell('group:default/squad-orion')).toMatchObject({
      components: 1,
      certifiedPercent: [100, 100],
    });
    expect(cell('group:default/colony-payments')).toMatchObject({
      components: 2,
      certifiedPercent: [100, 50],
    });
    expect(matrix.organisation.tracks[0]).toMatchObject({ components: 3 });

    const squad = await request(server)
      .get(`${base}/groups/default/squad-aura`)
      .set(as(STRANGER))
      .expect(200);
    expect(squad.body.blockers).toEqual([
      {
        trackId: 'basics',
        checkId: 'has-codeowners',
        level: 2,
        blocked: 1,
        failing: 1,
      },
    ]);

    const trend = await request(server)
      .get(`${base}/trends?group=group:default/colony-payments&track=basics`)
      .set(as(STRANGER))
      .expect(200);
    expect(trend.body.points).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        components: 2,
        certifiedPercent: [100, 50],
      },
    ]);
    const badTrend = await request(server)
      .get(`${base}/trends?track=nope`)
      .set(as(STRANGER))
      .expect(400);
    expect(badTrend.body.error.message).toMatch(/track: unknown track 'nope'/);

    const csv = await request(server)
      .get(`${base}/export.csv?group=group:default/colony-payments`)
      .set(as(STRANGER))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\n')).toEqual([
      'component,owner,track,level,level_name,max_level,failing_checks,evaluated_at',
      expect.stringMatching(
        /^component:default\/ledger,group:default\/squad-orion,basics,2,Silver,2,,/,
      ),
      expect.stringMatching(
        /^component:default\/payments-api,group:default\/squad-aura,basics,1,Bronze,2,has-codeowners,/,
      ),
    ]);
  });
});
