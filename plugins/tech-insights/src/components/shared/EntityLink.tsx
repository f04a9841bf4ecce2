import { Link } from '@backstage/core-components';
import { routeResolutionApiRef, useApi } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogPath, refName, refParts } from '../../lib/scorecards';

/**
 * The catalog's entity page of a ref: through the catalog's entity route
 * when the app has it, else the catalog's usual
 * `/catalog/:namespace/:kind/:name`.
 */
export function useEntityHref(): (ref: string, defaultKind?: string) => string {
  const routeResolutionApi = useApi(routeResolutionApiRef);
  let entityRoute: ((params: Record<string, string>) => string) | undefined;
  try {
    entityRoute = routeResolutionApi.resolve(entityRouteRef) as
      | ((params: Record<string, string>) => string)
      | undefined;
  } catch {
    entityRoute = undefined;
  }
  return (ref, defaultKind = 'component') => {
    const parts = refParts(ref, defaultKind);
    if (entityRoute) {
      try {
        return entityRoute(parts);
      } catch {
        // Fall through to the catalog's usual path.
      }
    }
    return catalogPath(ref, defaultKind);
  };
}

/** A link to an entity's catalog page; its title or name as text. */
export function EntityLink(props: {
  entityRef: string;
  title?: string;
  defaultKind?: string;
}) {
  const href = useEntityHref();
  return (
    <Link to={href(props.entityRef, props.defaultKind)}>
      {props.title || refName(props.entityRef)}
    </Link>
  );
}
