import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The dead-letter page, `/dead-letter`. */
export const rootRouteRef = createRouteRef();

/** One message on its own page, `/dead-letter/messages/:id`. */
export const messageRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/messages/:id',
});

/** The replay jobs, `/dead-letter/replays` (`?environment=` picks one). */
export const replaysRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/replays',
});

/** Replays and discards awaiting a second person, `/dead-letter/approvals`. */
export const approvalsRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/approvals',
});

/** One replay job and its failed messages, `/dead-letter/replays/:id`. */
export const replayRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/replays/:id',
});
