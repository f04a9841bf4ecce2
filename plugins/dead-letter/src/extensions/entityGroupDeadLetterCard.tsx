import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-card:dead-letter/group`: unresolved dead letters of a group per
 * environment, with "Handle now" links.
 */
export const entityGroupDeadLetterCard = EntityCardBlueprint.make({
  name: 'group',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupDeadLetterCard').then(m => (
        <m.GroupDeadLetterCard />
      )),
  },
});
