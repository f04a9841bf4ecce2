import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ReconstitutionClient, reconstitutionApiRef } from '../api';

/** `api:reconstitution`: the HTTP client of the reconstitution backend. */
export const reconstitutionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: reconstitutionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReconstitutionClient({ discoveryApi, fetchApi }),
    }),
});
