import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  HUMIO_QUERY_ANNOTATION,
  HUMIO_REPOSITORY_ANNOTATION,
} from '@internal/backstage-plugin-humio-common';
import type { LocalHumio } from '@internal/dev-humio';
import { humioPlugin } from '../plugin';

export const TOKEN = 'humio-test-token-5f1c9e';
export const REPOSITORY = 'meridian-prod';
export const SERVICES = ['payments-api', 'orders-api', 'ledger'];

/** A component, optionally with the humio annotations. */
export function component(
  name: string,
  annotations: { repository?: string; query?: string } = {},
  options: { kind?: string; owner?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        ...(annotations.repository
          ? { [HUMIO_REPOSITORY_ANNOTATION]: annotations.repository }
          : {}),
        ...(annotations.query
          ? { [HUMIO_QUERY_ANNOTATION]: annotations.query }
          : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: options.owner ?? 'squad-aura',
    },
  };
}

/** What the local Humio answers for a query, asked the way a client would. */
export async function humioQuery(
  humio: LocalHumio,
  queryString: string,
  start: string,
  repository = REPOSITORY,
): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(
    `${humio.url}/api/v1/repositories/${repository}/query`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ queryString, start, end: 'now', isLive: false }),
    },
  );
  if (!res.ok) throw new Error(`Humio: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The plugin in a test backend; `humio: null` leaves the config out. */
export async function startApi(options: {
  humio?: LocalHumio;
  entities: Entity[];
  config?: Record<string, unknown> | null;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const humioConfig =
    options.config === null
      ? {}
      : {
          humio: {
            ...(options.humio
              ? { baseUrl: options.humio.url, token: TOKEN }
              : {}),
            defaultRepository: REPOSITORY,
            timeout: '3s',
            ...options.config,
          },
        };
  return startTestBackend({
    features: [
      humioPlugin,
      mockServices.rootConfig.factory({ data: humioConfig }),
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.features ?? []),
    ],
  });
}

/** The API path of a component's logs. */
export const logsPath = (name: string, query = '') =>
  `/api/humio/entities/default/component/${name}/logs${query}`;
