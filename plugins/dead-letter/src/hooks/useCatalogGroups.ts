import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/**
 * Refs of the catalog's groups, as owner suggestions. Empty when the catalog
 * is not installed or cannot be read: the owner field then takes any text.
 */
export function useCatalogGroups(): string[] {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi) {
      return [];
    }
    try {
      const { items } = await catalogApi.getEntities({
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      });
      return items.map(entity => stringifyEntityRef(entity)).sort();
    } catch {
      return [];
    }
  }, [catalogApi]);
  return value ?? [];
}
