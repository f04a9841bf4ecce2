import { createDevApp } from '@backstage/frontend-dev-utils';
import plugin from '../src';
import { deadLetterApiRef } from '../src/api';
import { createSampleApi } from './sampleData';

// The dev app runs without the backend: the API is an in-memory fake with a
// few sample messages (JSON, text, binary, a <script> body, a broker that is
// down). Open http://localhost:3000/dead-letter.
const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:dead-letter').override({
      params: defineParams =>
        defineParams({
          api: deadLetterApiRef,
          deps: {},
          factory: () => createSampleApi(),
        }),
    }),
  ],
});

createDevApp({ features: [devPlugin] });
