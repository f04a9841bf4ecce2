import { createDevApp } from '@backstage/frontend-dev-utils';
import plugin from '../src';
import { scorecardsApiRef } from '../src/api';
import { FakeScorecardsApi } from '../src/testing/FakeScorecardsApi';

// The dev app runs without the backend: the API is an in-memory fake with a
// track, a colony and two squads. Open http://localhost:3000/tech-insights.
const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:tech-insights').override({
      params: defineParams =>
        defineParams({
          api: scorecardsApiRef,
          deps: {},
          factory: () => new FakeScorecardsApi(),
        }),
    }),
  ],
});

createDevApp({ features: [devPlugin] });
