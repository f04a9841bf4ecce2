import Chip from '@material-ui/core/Chip';
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

/**
 * A link to a catalog entity; a reference that does not parse, or an app
 * without the catalog's entity pages, shows the reference as plain text.
 */
export function EntityRef(props: {
  entityRef: string | undefined;
  defaultKind: 'component' | 'group' | 'user';
}) {
  const { entityRef, defaultKind } = props;
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
    return <Breakable text={entityRef} />;
  }
  if (!linkable) {
    return <Breakable text={entityRef} />;
  }
  return <EntityRefLink entityRef={entityRef} defaultKind={defaultKind} />;
}

/** The owner of a message: a link, or an "unowned" chip. */
export function OwnerRef(props: { ownerRef: string | undefined }) {
  if (!props.ownerRef) {
    return (
      <Chip
        size="small"
        label="unowned"
        title="No catalog component declares this queue (annotation meridian.bank/rabbitmq-queues)"
      />
    );
  }
  return <EntityRef entityRef={props.ownerRef} defaultKind="group" />;
}
