import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

export type EntityFilter = Record<
  string,
  string | symbol | (string | symbol)[]
>;

/** Reads entities from the catalog as this backend, a page at a time. */
export async function readEntities(options: {
  catalog: CatalogService;
  auth: AuthService;
  filter: EntityFilter | EntityFilter[];
  fields: string[];
}): Promise<Entity[]> {
  const { catalog } = options;
  const credentials = await options.auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: 1000, fields: options.fields }
        : {
            filter: options.filter as any,
            limit: 1000,
            fields: options.fields,
          },
      { credentials },
    );
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}

/** kind:namespace/name, lower case: how scorecards and facts name entities. */
export function refOf(entity: Entity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
}

/** The entity part of a TechInsightFact for an entity. */
export function factEntity(entity: Entity) {
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
      'en-US',
    ),
    name: entity.metadata.name.toLocaleLowerCase('en-US'),
  };
}

/** Components this retriever run covers: all, or those of the on-demand filter. */
export function componentFilter(
  filter: EntityFilter | EntityFilter[] | undefined,
): EntityFilter | EntityFilter[] {
  return filter ?? { kind: 'component' };
}
