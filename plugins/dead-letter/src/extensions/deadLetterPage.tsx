import { PageBlueprint } from '@backstage/frontend-plugin-api';
import MoveToInboxIcon from '@material-ui/icons/MoveToInbox';
import { rootRouteRef } from '../routes';

/** `page:dead-letter`: `/dead-letter`, in the sidebar as "Dead Letter". */
export const deadLetterPage = PageBlueprint.make({
  params: {
    path: '/dead-letter',
    title: 'Dead Letter',
    icon: <MoveToInboxIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/DeadLetterPage').then(m => <m.DeadLetterPage />),
  },
});
