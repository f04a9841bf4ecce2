import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-content:humio/logs`: the "Logs" tab of Component pages, their
 * recent events from Humio.
 */
export const entityLogsContent = EntityContentBlueprint.make({
  name: 'logs',
  params: {
    path: 'logs',
    title: 'Logs',
    group: 'observability',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityLogsContent').then(m => (
        <m.EntityLogsContent />
      )),
  },
});
