import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/** The group's title from the catalog, else its name (or the raw ref). */
export function useGroupTitle(ref: string | undefined): string | undefined {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!ref || !catalogApi) return undefined;
    try {
      const entity = await catalogApi.getEntityByRef(ref);
      return entity?.metadata.title;
    } catch {
      return undefined;
    }
  }, [catalogApi, ref]);
  if (!ref) return undefined;
  if (value) return value;
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
