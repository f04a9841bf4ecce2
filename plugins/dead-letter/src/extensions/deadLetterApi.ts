import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DeadLetterClient, deadLetterApiRef } from '../api';

/** `api:dead-letter`: the HTTP client of the dead-letter backend. */
export const deadLetterApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deadLetterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeadLetterClient({ discoveryApi, fetchApi }),
    }),
});
