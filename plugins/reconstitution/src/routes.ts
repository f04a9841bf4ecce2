import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The jobs, `/reconstitution` (`?state=`, `?environment=`, `?receiver=`). */
export const rootRouteRef = createRouteRef();

/** The "Add job" form, `/reconstitution/new` (`?receiver=` preselects). */
export const newJobRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/new',
});

/** One job, `/reconstitution/jobs/:id`. */
export const jobRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/jobs/:id',
});
