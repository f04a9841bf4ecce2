import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import plugin from '../src';
import { catalogIngestionApiRef } from '../src/api';
import {
  FakeCatalogIngestionApi,
  makeMarks,
} from '../src/testing/FakeCatalogIngestionApi';

// The dev app runs without a backend: the ingestion engine and the catalog's
// counts are in-memory fakes. Open http://localhost:3000/catalog-ingestion.
const inMinutes = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

const engine = new FakeCatalogIngestionApi({
  providers: {
    'github-repos-meridian': {
      status: {
        currentAction: 'backing off',
        nextActionAt: inMinutes(4),
        lastError:
          'Error: GitHub GraphQL request failed with 502 Bad Gateway\n    at GitHubClient.repositories (GitHubClient.ts:120:11)\n    at GitHubReposEntityProvider.next (GitHubReposEntityProvider.ts:84:18)',
      },
      marks: makeMarks(412, { minutesAgo: 3 }),
    },
    'github-repos-labs': {
      status: { currentAction: 'resting', nextActionAt: inMinutes(42) },
      marks: makeMarks(12, { minutesAgo: 18, finished: true }),
    },
  },
});

const counts: Record<string, Record<string, number>> = {
  'github-repos-meridian': { Component: 38_120, Location: 2_904 },
  'github-repos-labs': { Component: 1_101, Location: 40 },
};
const providerOf = (request: any) =>
  request?.filter?.['metadata.annotations.meridian.bank/ingested-by'];

const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:catalog-ingestion').override({
      params: defineParams =>
        defineParams({
          api: catalogIngestionApiRef,
          deps: {},
          factory: () => engine,
        }),
    }),
  ],
});

// Just enough of the catalog API to count entities (a stand-in for the
// catalog plugin, which provides it in the portal).
const catalogStandIn = createFrontendPlugin({
  pluginId: 'catalog',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: catalogApiRef,
          deps: {},
          factory: () =>
            ({
              async queryEntities(request: any) {
                const kinds = counts[providerOf(request)] ?? {};
                return {
                  items: [],
                  totalItems: Object.values(kinds).reduce((a, b) => a + b, 0),
                  pageInfo: {},
                };
              },
              async getEntityFacets(request: any) {
                const kinds = counts[providerOf(request)] ?? {};
                return {
                  facets: {
                    kind: Object.entries(kinds).map(([value, count]) => ({
                      value,
                      count,
                    })),
                  },
                };
              },
            } as any),
        }),
    }),
  ],
});

createDevApp({ features: [devPlugin, catalogStandIn] });
