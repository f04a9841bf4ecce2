import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { scorecardsApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { FakeScorecardsApi } from '../../testing/FakeScorecardsApi';
import { GroupScorecardCard } from './GroupScorecardCard';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'squad', children: [] },
});

function renderCard(api: FakeScorecardsApi, name: string) {
  return renderInTestApp(
    <EntityProvider entity={group(name)}>
      <GroupScorecardCard />
    </EntityProvider>,
    {
      apis: [[scorecardsApiRef, api]],
      mountedRoutes: { '/tech-insights': rootRouteRef },
    },
  );
}

describe('GroupScorecardCard', () => {
  it("shows the squad's levels per track, its top 3 blockers and a link to its view", async () => {
    const api = new FakeScorecardsApi();
    renderCard(api, 'squad-aura');
    const card = await screen.findByTestId('group-scorecard');
    const rollup = await within(card).findByTestId('rollup-service-maturity');
    expect(rollup).toHaveTextContent('Service maturity');
    expect(rollup).toHaveTextContent('60%');
    expect(rollup).toHaveTextContent('L1 · Bronze60% (6 of 10)');
    expect(rollup).toHaveTextContent('L3 · Gold0% (0 of 10)');

    const blockers = within(card).getAllByRole('listitem');
    expect(blockers).toHaveLength(3);
    expect(blockers[0]).toHaveTextContent('Has a README');
    expect(blockers[0]).toHaveTextContent('blocks 5 components');
    expect(blockers[1]).toHaveTextContent('Runs CI');
    expect(within(card).queryByTestId('group-blocker-has-owner')).toBeNull();
    expect(
      within(card).getByRole('link', { name: /View in Tech Insights/ }),
    ).toHaveAttribute(
      'href',
      '/tech-insights?group=group%3Adefault%2Fsquad-aura',
    );
    expect(api.groupRequests).toEqual(['group:default/squad-aura']);
  });

  it('says so when none of the group’s components is evaluated', async () => {
    renderCard(new FakeScorecardsApi(), 'squad-new');
    expect(
      await screen.findByText('No components evaluated yet'),
    ).toBeInTheDocument();
  });
});
