import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import plugin from './index';
import { githubPullRequestsApiRef } from './api';
import { entityGroupPullRequestsCard } from './extensions';
import {
  FakeGithubPullRequestsApi,
  makePullRequest,
  okResponse,
} from './testing/FakeGithubPullRequestsApi';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'meridian/payments-api' },
  },
  spec: { type: 'service', owner: 'group:default/squad-aura' },
};

jest.setTimeout(30_000);

describe('github-pull-requests plugin', () => {
  it('is the default export, with its API and group card', () => {
    expect(plugin.id).toBe('github-pull-requests');
    expect(plugin.getExtension('api:github-pull-requests')).toBeDefined();
    expect(
      plugin.getExtension(
        'entity-card:github-pull-requests/group-pull-requests',
      ),
    ).toBeDefined();
  });

  it('shows the card on group pages', async () => {
    const api = new FakeGithubPullRequestsApi(
      okResponse({
        groups: {
          reviewRequired: [
            makePullRequest({ number: 5, title: 'Add audit log' }),
          ],
          reviewInProgress: [],
          approved: [],
        },
      }),
    );
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: group }),
        entityGroupPullRequestsCard,
      ],
      apis: [[githubPullRequestsApiRef, api]],
    });
    expect(
      await screen.findByRole(
        'link',
        { name: 'Add audit log' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Open pull requests' }),
    ).toBeInTheDocument();
    expect(api.requests).toEqual([
      { namespace: 'default', name: 'squad-aura' },
    ]);
  });

  it('does not show the card on other entities', async () => {
    const api = new FakeGithubPullRequestsApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        entityGroupPullRequestsCard,
      ],
      apis: [[githubPullRequestsApiRef, api]],
    });
    expect(
      await screen.findByTestId('empty-entity-page', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Open pull requests')).toBeNull();
    expect(api.requests).toEqual([]);
  });
});
