import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ScorecardsClient, scorecardsApiRef } from '../api';

/** `api:tech-insights`: the HTTP client of the scorecards backend. */
export const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScorecardsClient({ discoveryApi, fetchApi }),
    }),
});
