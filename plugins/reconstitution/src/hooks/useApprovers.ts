import useAsync from 'react-use/esm/useAsync';
import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { ReconstitutionJob } from '../api';
import { approversText } from '../lib/approvals';

/**
 * The group's title (or profile display name) from the catalog; undefined
 * while unknown or untitled.
 */
export function useGroupTitle(ref: string | undefined): string | undefined {
  // Optional: without a catalog the backend's wording is used.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!ref || !catalogApi) return undefined;
    try {
      const entity = await catalogApi.getEntityByRef(ref);
      const profile = entity?.spec?.profile as
        | { displayName?: string }
        | undefined;
      return entity?.metadata.title ?? profile?.displayName;
    } catch {
      return undefined;
    }
  }, [catalogApi, ref]);
  return value;
}

/** "Squad Aura or the platform team" for the job's receiver owner. */
export function useApprovers(
  job: Pick<ReconstitutionJob, 'approval' | 'receiver'> | undefined,
): string {
  const title = useGroupTitle(job?.receiver.ownerRef);
  return job ? approversText(job, title) : '';
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
