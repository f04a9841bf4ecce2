import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import plugin from '../src';
import { EntityLogsRequest, EntityLogsResponse, humioApiRef } from '../src/api';
import { EntityLogsContent } from '../src/components/EntityLogsContent';
import {
  backendError,
  FakeHumioApi,
  makeEvent,
  okResponse,
} from '../src/testing/FakeHumioApi';

// The dev app runs without the backend: the Logs tab of a sample component,
// with sample answers. Open http://localhost:3000/ and add ?state=empty,
// not-configured, not-connected, invalid-query or denied for the other
// states.
const MINUTE = 60_000;

function sampleAnswer(request: EntityLogsRequest) {
  const state = new URLSearchParams(window.location.search).get('state');
  if (state === 'not-configured') {
    return {
      status: 'not-configured',
      message: 'Humio is not configured: humio.baseUrl is not set.',
    } satisfies EntityLogsResponse;
  }
  if (state === 'invalid-query') {
    return {
      status: 'invalid-query',
      repository: 'meridian-prod',
      query: 'service = "payments-api" | eval(x := 1)',
      message: "Humio refused the query: 'eval' is not supported",
    } satisfies EntityLogsResponse;
  }
  if (state === 'not-connected') {
    return backendError(
      503,
      'ServiceUnavailableError',
      'Humio is not connected: Humio answered HTTP 503: Humio is unavailable',
    );
  }
  if (state === 'denied') {
    return backendError(403, 'NotAllowedError', 'You may not read the logs');
  }
  if (state === 'empty') return okResponse({ range: request.range });
  const levels = ['INFO', 'INFO', 'WARN', 'INFO', 'ERROR'];
  return okResponse({
    range: request.range,
    counts: { total: 412, errors: 17 },
    events: Array.from({ length: 40 }, (_, i) =>
      makeEvent({
        timestamp: new Date(Date.now() - i * MINUTE).toISOString(),
        level: levels[i % levels.length],
        message:
          i === 2
            ? 'Rejected input <img src=x onerror=alert(1)> (shown as text)'
            : `GET /api/orders/${1000 + i} 200 in ${10 + i}ms`,
      }),
    ),
  });
}

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'squad-aura', lifecycle: 'production' },
};

const devPlugin = plugin.withOverrides({
  extensions: [
    plugin.getExtension('api:humio').override({
      params: defineParams =>
        defineParams({
          api: humioApiRef,
          deps: {},
          factory: () => new FakeHumioApi(sampleAnswer),
        }),
    }),
  ],
});

const logsPage = createFrontendPlugin({
  pluginId: 'humio-dev',
  extensions: [
    PageBlueprint.make({
      params: {
        path: '/',
        title: 'Logs tab',
        loader: async () => (
          <div style={{ padding: 24 }}>
            <EntityProvider entity={component}>
              <EntityLogsContent />
            </EntityProvider>
          </div>
        ),
      },
    }),
  ],
});

createDevApp({ features: [devPlugin, logsPage] });
