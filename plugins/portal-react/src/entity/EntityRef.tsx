import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import { routeResolutionApiRef, useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import { Breakable } from './Breakable';

/** Whether the catalog's entity pages are installed (links can resolve). */
function useEntityPagesAvailable(): boolean {
  const routeResolutionApi = useApi(routeResolutionApiRef);
  try {
    return Boolean(routeResolutionApi.resolve(entityRouteRef));
  } catch {
    return false;
  }
}

/** @public */
export type EntityRefProps = {
  entityRef: string | undefined;
  defaultKind: 'component' | 'group' | 'user';
  /** Link text instead of the entity's name. */
  title?: string;
};

/**
 * A link to a catalog entity (a person, squad or component); a reference
 * that does not parse, or an app without the catalog's entity pages, shows
 * the reference as plain text, and a missing one as a dash.
 *
 * @public
 */
export function EntityRef(props: EntityRefProps) {
  const { entityRef, defaultKind, title } = props;
  const linkable = useEntityPagesAvailable();
  if (!entityRef) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        —
      </Typography>
    );
  }
  let parses = true;
  try {
    parseEntityRef(entityRef);
  } catch {
    parses = false;
  }
  if (!parses || !linkable) {
    return (
      <span>
        <Breakable text={title ?? entityRef} />
      </span>
    );
  }
  return (
    <EntityRefLink
      entityRef={entityRef}
      defaultKind={defaultKind}
      title={title}
    />
  );
}
