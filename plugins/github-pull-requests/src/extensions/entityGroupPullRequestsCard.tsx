import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-card:github-pull-requests/group-pull-requests`: "Open pull
 * requests" of the group's repositories, on Group pages only.
 */
export const entityGroupPullRequestsCard = EntityCardBlueprint.make({
  name: 'group-pull-requests',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupPullRequestsCard').then(m => (
        <m.GroupPullRequestsCard />
      )),
  },
});
