import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-card:tech-insights/group-scorecard`: "Scorecards" of the group's
 * components, on Group pages only.
 */
export const entityGroupScorecardCard = EntityCardBlueprint.make({
  name: 'group-scorecard',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupScorecardCard').then(m => (
        <m.GroupScorecardCard />
      )),
  },
});
