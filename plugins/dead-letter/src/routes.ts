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
