import { Entity } from '@backstage/catalog-model';
import { deadLetterFacts } from './deadLetterFactRetriever';
import { factsOfRepository } from './githubFactRetriever';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

describe('dead letter facts', () => {
  it('sums failure groups per component and ages the oldest', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    const facts = deadLetterFacts(
      [
        {
          componentRef: 'component:default/Payments',
          count: 3,
          firstSeen: '2026-11-21T02:00:00Z',
        },
        {
          componentRef: 'component:default/payments',
          count: 2,
          firstSeen: '2026-11-18T11:30:00Z',
        },
        // Dead letters of a queue no component declares count for nobody.
        { count: 7, firstSeen: '2026-11-01T00:00:00Z' },
      ],
      [component('payments'), component('ledger')],
      now,
    );
    expect(facts.map(f => [f.entity.name, f.facts])).toEqual([
      ['payments', { unresolvedDeadLetters: 5, oldestDeadLetterHours: 72 }],
      ['ledger', { unresolvedDeadLetters: 0, oldestDeadLetterHours: 0 }],
    ]);
  });
});

describe('repository facts', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const workflow = (text: string) => ({
    entries: [{ name: 'ci.yml', object: { text } }],
  });
  const repo = {
    pushedAt: '2026-05-20T12:00:00Z',
    readme: null,
    readmePlain: { __typename: 'Blob' },
    codeownersGithub: null,
    codeownersRoot: null,
    codeownersDocs: { __typename: 'Blob' },
    workflows: workflow(
      [
        'jobs:',
        '  build:',
        '    steps:',
        '      - run: ./gradlew build',
        '      - run: ./gradlew test jacocoTestReport',
        '      - uses: github/codeql-action/analyze@v3',
      ].join('\n'),
    ),
    dependabot: null,
    renovate: { __typename: 'Blob' },
    defaultBranchRef: {
      branchProtectionRule: {
        requiresApprovingReviews: true,
        requiredApprovingReviewCount: 1,
      },
      target: { statusCheckRollup: { state: 'FAILURE' } },
    },
  };

  it('reads practices from files, protection and CI status', () => {
    expect(factsOfRepository(repo, now)).toEqual({
      repositoryFound: true,
      hasReadme: true,
      hasCodeowners: true,
      hasCiWorkflow: true,
      ciRunsTests: true,
      ciReportsCoverage: true,
      ciRunsStaticAnalysis: true,
      ciPassing: false,
      hasBranchProtection: true,
      requiresReviews: true,
      hasDependencyUpdates: true,
      daysSinceLastPush: 185,
    });
  });

  it('tells a build-only workflow and an unprotected branch apart', () => {
    const facts = factsOfRepository(
      {
        ...repo,
        workflows: workflow('steps:\n      - run: yarn build\n'),
        defaultBranchRef: {
          branchProtectionRule: null,
          target: { statusCheckRollup: { state: 'SUCCESS' } },
        },
      },
      now,
    );
    expect(facts).toMatchObject({
      ciRunsTests: false,
      ciReportsCoverage: false,
      ciRunsStaticAnalysis: false,
      ciPassing: true,
      hasBranchProtection: false,
      requiresReviews: false,
    });
    expect(factsOfRepository(null, now)).toEqual({ repositoryFound: false });
  });
});
