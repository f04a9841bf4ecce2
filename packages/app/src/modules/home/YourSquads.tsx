import useAsync from 'react-use/esm/useAsync';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityRouteRef,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import { useRouteRef } from '@backstage/core-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import GroupIcon from '@material-ui/icons/Group';

type Squad = {
  entity: Entity;
  ref: string;
  ownedCount: number;
};

function useYourSquads() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Squad[]> => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const user = await catalogApi.getEntityByRef(userEntityRef);
    const groupRefs = (user?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    if (groupRefs.length === 0) {
      return [];
    }
    const [{ items }, { facets }] = await Promise.all([
      catalogApi.getEntitiesByRefs({ entityRefs: groupRefs }),
      catalogApi.getEntityFacets({
        filter: { 'relations.ownedBy': groupRefs },
        facets: ['relations.ownedBy'],
      }),
    ]);
    const owned = new Map(
      facets['relations.ownedBy'].map(({ value, count }) => [value, count]),
    );
    return items
      .filter((entity): entity is Entity => Boolean(entity))
      .map(entity => {
        const ref = stringifyEntityRef(entity);
        return { entity, ref, ownedCount: owned.get(ref) ?? 0 };
      })
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }, [identityApi, catalogApi]);
}

/** The squads the signed-in person belongs to, with their colony. */
export function YourSquads() {
  const { value: squads, loading, error } = useYourSquads();
  const entityRoute = useRouteRef(entityRouteRef);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!squads || squads.length === 0) {
    return (
      <Typography variant="body2">
        You are not a member of any squad in the catalog yet. Ask your squad
        lead to add you to your squad's group.
      </Typography>
    );
  }

  return (
    <List dense aria-label="Your squads">
      {squads.map(({ entity, ref, ownedCount }) => {
        const parent = entity.spec?.parent;
        const name = parseEntityRef(ref);
        const displayName =
          (entity.spec?.profile as { displayName?: string } | undefined)
            ?.displayName ??
          entity.metadata.title ??
          entity.metadata.name;
        return (
          <ListItem key={ref}>
            <ListItemIcon>
              <GroupIcon />
            </ListItemIcon>
            <ListItemText
              primary={<Link to={entityRoute(name)}>{displayName}</Link>}
              secondary={
                <>
                  {typeof parent === 'string' && (
                    <>
                      <EntityRefLink
                        entityRef={parseEntityRef(parent, {
                          defaultKind: 'group',
                          defaultNamespace: name.namespace,
                        })}
                      />
                      {' · '}
                    </>
                  )}
                  {ownedCount} owned {ownedCount === 1 ? 'entity' : 'entities'}
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
