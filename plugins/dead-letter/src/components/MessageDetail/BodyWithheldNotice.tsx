import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Alert from '@material-ui/lab/Alert';

/** The group's title from the catalog, else its name (or the raw ref). */
function useGroupTitle(ref: string | undefined): string | undefined {
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

/**
 * Where the body would be when the backend withheld it: who may read it.
 * Plain text only, like everything else on the page.
 */
export function BodyWithheldNotice(props: { ownerRef?: string }) {
  const owner = useGroupTitle(props.ownerRef);
  return (
    <Alert severity="info" role="note" aria-label="Body withheld">
      {owner
        ? `Only ${owner} (and the platform team) can read this message's body and headers.`
        : "Only the platform team can read this message's body and headers: no squad owns its queue."}
    </Alert>
  );
}
