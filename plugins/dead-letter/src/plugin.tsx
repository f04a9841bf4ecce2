import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import MoveToInboxIcon from '@material-ui/icons/MoveToInbox';
import {
  deadLetterApi,
  deadLetterPage,
  entityDeadLetterContent,
  entityGroupDeadLetterCard,
} from './extensions';
import {
  approvalsRouteRef,
  messageRouteRef,
  replayRouteRef,
  replaysRouteRef,
  rootRouteRef,
} from './routes';

/**
 * Dead-lettered RabbitMQ messages in the portal: a page, a component tab and
 * a group card.
 */
export const deadLetterPlugin = createFrontendPlugin({
  pluginId: 'dead-letter',
  title: 'Dead Letter',
  icon: <MoveToInboxIcon fontSize="inherit" />,
  extensions: [
    deadLetterApi,
    deadLetterPage,
    entityDeadLetterContent,
    entityGroupDeadLetterCard,
  ],
  routes: {
    root: rootRouteRef,
    message: messageRouteRef,
    replays: replaysRouteRef,
    replay: replayRouteRef,
    approvals: approvalsRouteRef,
  },
});
