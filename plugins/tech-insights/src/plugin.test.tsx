import { screen } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import plugin from './index';
import { scorecardsApiRef } from './api';
import {
  entityGroupScorecardCard,
  entityScorecardsContent,
  isScorecardEntity,
} from './extensions';
import { FakeScorecardsApi } from './testing/FakeScorecardsApi';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/squad-aura' },
};

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

jest.setTimeout(30_000);

describe('tech-insights plugin', () => {
  it('is the default export, with its extensions and route', () => {
    expect(plugin.id).toBe('tech-insights');
    expect(plugin.getExtension('api:tech-insights')).toBeDefined();
    expect(plugin.getExtension('page:tech-insights')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:tech-insights/scorecards'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:tech-insights/group-scorecard'),
    ).toBeDefined();
    expect(Object.keys(plugin.routes)).toEqual(['root']);
  });

  it('shows the tab on components only', () => {
    expect(isScorecardEntity(component)).toBe(true);
    expect(isScorecardEntity({ ...component, kind: 'component' })).toBe(true);
    expect(isScorecardEntity(squad)).toBe(false);
    expect(isScorecardEntity({ ...component, kind: 'System' })).toBe(false);
  });

  it("renders a component's Scorecards tab on its entity page", async () => {
    const api = new FakeScorecardsApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        entityScorecardsContent,
      ],
      apis: [[scorecardsApiRef, api], mockApis.permission()],
    });
    expect(
      await screen.findByTestId('track-level-service-maturity', undefined, {
        timeout: 10_000,
      }),
    ).toHaveTextContent('Level 1 of 3 · Bronze');
    expect(api.scorecardRequests).toEqual(['component:default/payments-api']);
  });

  it("renders the Scorecards card on a group's page", async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: squad }),
        entityGroupScorecardCard,
      ],
      apis: [[scorecardsApiRef, new FakeScorecardsApi()]],
    });
    expect(
      await screen.findByTestId('rollup-service-maturity', undefined, {
        timeout: 10_000,
      }),
    ).toHaveTextContent('60%');
    expect(screen.getByTestId('group-scorecard')).toHaveTextContent(
      'Scorecards',
    );
  });

  it('serves the page at /tech-insights with its title', async () => {
    renderTestApp({
      features: [plugin],
      apis: [
        [scorecardsApiRef, new FakeScorecardsApi()],
        mockApis.permission(),
      ],
      initialRouteEntries: ['/tech-insights'],
    });
    expect(
      await screen.findByTestId('cell-squad-aura-service-maturity', undefined, {
        timeout: 10_000,
      }),
    ).toHaveTextContent('60%');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Tech Insights' }),
    ).toBeInTheDocument();
  });
});
