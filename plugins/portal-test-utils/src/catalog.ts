/**
 * The catalog modules' ingestion tests: the real catalog reading a GitHub.
 * Its own entry point, so tests importing the fuzzer do not load the
 * catalog backend.
 *
 * @packageDocumentation
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { Knex } from 'knex';

/**
 * The real catalog with `modules` in a test backend, on `knex` and the real
 * scheduler (providers tick on it), its GitHub integration reading `github`
 * (the local GitHub) with `token`; `catalog` is the catalog's own config.
 */
export function startCatalogOnGitHub(options: {
  knex: Knex;
  github: { host: string; apiBaseUrl: string };
  token: string;
  modules: NonNullable<Parameters<typeof startTestBackend>[0]['features']>;
  catalog: JsonObject;
}) {
  const { github } = options;
  return startTestBackend({
    features: [
      catalogPlugin,
      ...options.modules,
      mockServices.database.factory({ knex: options.knex }),
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: github.host,
                apiBaseUrl: github.apiBaseUrl,
                token: options.token,
              },
            ],
          },
          catalog: options.catalog,
        },
      }),
    ],
  });
}
