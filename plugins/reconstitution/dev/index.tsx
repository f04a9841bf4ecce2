import { createDevApp } from '@backstage/frontend-dev-utils';
import plugin from '../src';
import { reconstitutionApiRef } from '../src/api';
import { createSampleApi } from './sampleData';

// The dev app runs without the backend: the API is an in-memory fake with a
// few receivers, producers and jobs. Open http://localhost:3000/reconstitution.
const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:reconstitution').override({
      params: defineParams =>
        defineParams({
          api: reconstitutionApiRef,
          deps: {},
          factory: () => createSampleApi(),
        }),
    }),
  ],
});

createDevApp({ features: [devPlugin] });
