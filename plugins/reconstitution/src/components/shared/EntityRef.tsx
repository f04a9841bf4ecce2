import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import { routeResolutionApiRef, useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';

/** Whether the catalog's entity pages are installed (links can resolve). */
function useEntityPagesAvailable(): boolean {
  const routeResolutionApi = useApi(routeResolutionApiRef);
  try {
    return Boolean(routeResolutionApi.resolve(entityRouteRef));
  } catch {
    return false;
  }
}

/**
 * A link to a catalog entity; a reference that does not parse, or an app
 * without the catalog's entity pages, shows the reference as plain text.
 */
export function EntityRef(props: {
  entityRef: string | undefined;
  defaultKind: 'component' | 'group' | 'user';
  /** Link text instead of the entity's name. */
  title?: string;
}) {
  const { entityRef, defaultKind, title } = props;
  const linkable = useEntityPagesAvailable();
  if (!entityRef) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        —
      </Typography>
    );
  }
  try {
    parseEntityRef(entityRef);
  } catch {
    return <span>{title ?? entityRef}</span>;
  }
  if (!linkable) {
    return <span>{title ?? entityRef}</span>;
  }
  return (
    <EntityRefLink
      entityRef={entityRef}
      defaultKind={defaultKind}
      title={title}
    />
  );
}
