import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** What `backend.add` takes: a feature, or a module exporting one. */
export type DevBackendFeature = Parameters<
  ReturnType<typeof createBackend>['add']
>[0];

/**
 * A service component of the mock catalog, owned by `owner` (a group in the
 * default namespace).
 */
export function devComponent(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/**
 * Runs a plugin alone for local development (`yarn start` in its folder):
 * on http://localhost:7007 with an in-memory SQLite database, requests made
 * as a mock user, and a mock catalog holding `entities`. `config` is the
 * plugin's own configuration beside the `backend` section. Start-up
 * failures end the process with the error.
 */
export function startDevBackend(options: {
  config: JsonObject;
  entities: Entity[] | Promise<Entity[]>;
  /** The plugin (`import('../src')`) and any services it needs. */
  features: DevBackendFeature[];
}): void {
  async function main() {
    const backend = createBackend();
    backend.add(mockServices.auth.factory());
    backend.add(mockServices.httpAuth.factory());
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            listen: { port: 7007 },
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          ...options.config,
        },
      }),
    );
    backend.add(
      catalogServiceMock.factory({ entities: await options.entities }),
    );
    for (const feature of options.features) {
      backend.add(feature);
    }
    await backend.start();
  }

  main().catch(error => {
    // eslint-disable-next-line no-console
    console.error(error);
    process.exit(1);
  });
}
