import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import plugin from '../src';
import {
  githubPullRequestsApiRef,
  GroupPullRequestsResponse,
} from '../src/api';
import { GroupPullRequestsCard } from '../src/components/GroupPullRequestsCard';
import {
  FakeGithubPullRequestsApi,
  makePullRequest,
  okResponse,
} from '../src/testing/FakeGithubPullRequestsApi';

// The dev app runs without the backend: the card of a sample squad, with
// sample answers. Open http://localhost:3000/ and add ?state=empty,
// not-configured or rate-limited to see the other states.
const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function sampleAnswer(): GroupPullRequestsResponse {
  const state = new URLSearchParams(window.location.search).get('state');
  if (state === 'not-configured') {
    return {
      status: 'not-configured',
      message: 'No GitHub token or GitHub App is configured for github.com.',
    };
  }
  if (state === 'rate-limited') {
    return {
      status: 'rate-limited',
      resetAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      message: 'GitHub GraphQL rate limit exceeded',
    };
  }
  if (state === 'empty') return okResponse({ repositories: 7 });
  return okResponse({
    repositories: 7,
    unavailableRepositories: ['meridian/legacy-ledger'],
    refusedRepositories: [
      {
        repository: 'someone-else/payments-fork',
        reason:
          'someone-else is not one of the organisations the portal serves (meridian)',
      },
    ],
    groups: {
      reviewRequired: [
        makePullRequest({
          number: 412,
          title: 'Add ledger reconciliation job',
          repository: 'meridian/payments-ledger-api',
          labels: [
            { name: 'enhancement', color: 'a2eeef' },
            { name: 'security', color: 'b60205' },
          ],
          createdAt: ago(3 * 24 * HOUR),
          updatedAt: ago(2 * HOUR),
        }),
        ...Array.from({ length: 12 }, (_, i) =>
          makePullRequest({
            number: 100 + i,
            title: `Update dependency @backstage/core-components to v0.18.${i}`,
            repository: 'meridian/payments-web',
            isDraft: i === 0,
            author: {
              login: 'renovate[bot]',
              url: 'https://github.com/apps/renovate',
              avatarUrl: '',
            },
            labels: [{ name: 'dependencies', color: '0366d6' }],
            updatedAt: ago((i + 3) * HOUR),
          }),
        ),
      ],
      reviewInProgress: [
        makePullRequest({
          number: 87,
          title: 'Rename accounts table',
          reviewDecision: 'CHANGES_REQUESTED',
          reviewCount: 2,
        }),
      ],
      approved: [
        makePullRequest({
          number: 55,
          title: 'Fix rounding of interest',
          reviewDecision: 'APPROVED',
          reviewCount: 1,
        }),
      ],
    },
  });
}

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:github-pull-requests').override({
      params: defineParams =>
        defineParams({
          api: githubPullRequestsApiRef,
          deps: {},
          factory: () => new FakeGithubPullRequestsApi(sampleAnswer()),
        }),
    }),
  ],
});

const cardPage = createFrontendPlugin({
  pluginId: 'github-pull-requests-dev',
  extensions: [
    PageBlueprint.make({
      params: {
        path: '/',
        title: 'Open pull requests card',
        loader: async () => (
          <div style={{ maxWidth: 720, padding: 24 }}>
            <EntityProvider entity={squad}>
              <GroupPullRequestsCard />
            </EntityProvider>
          </div>
        ),
      },
    }),
  ],
});

createDevApp({ features: [devPlugin, cardPage] });
