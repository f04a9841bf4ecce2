import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { HumioClient, humioApiRef } from '../api';

/** `api:humio`: the HTTP client of the backend. */
export const humioApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: humioApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HumioClient({ discoveryApi, fetchApi }),
    }),
});
