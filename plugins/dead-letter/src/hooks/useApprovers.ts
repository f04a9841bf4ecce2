import useAsync from 'react-use/esm/useAsync';
import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { groupName } from '@internal/backstage-plugin-dead-letter-common';
import { approversText } from '../lib/approvals';

/**
 * "Squad Aura or the platform team" for a request's owners: the squads'
 * catalog titles (or profile display names) when the catalog has them, else
 * their names from the refs.
 */
export function useApprovers(ownerRefs: string[] | undefined): string {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const key = [...new Set(ownerRefs ?? [])].sort().join('\n');
  const { value: titles } = useAsync(async () => {
    const refs = key ? key.split('\n') : [];
    if (!catalogApi || refs.length === 0) return {};
    try {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: refs,
        fields: ['metadata.title', 'spec.profile.displayName'],
      });
      return Object.fromEntries(
        refs.map((ref, i) => {
          const entity = items[i];
          const profile = entity?.spec?.profile as
            | { displayName?: string }
            | undefined;
          return [ref, entity?.metadata.title ?? profile?.displayName];
        }),
      ) as Record<string, string | undefined>;
    } catch {
      return {};
    }
  }, [catalogApi, key]);
  const refs = key ? key.split('\n') : [];
  return approversText(refs.map(ref => titles?.[ref] ?? groupName(ref)));
}

/** The signed-in user's entity ref, once known. */
export function useUserRef(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  return value;
}
