import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/**
 * Builds every entity's TechDocs site in the background, so that documentation
 * is searchable (and opens at once) before anybody has visited it. The local
 * builder otherwise builds a site only on its first visit. The scheduler runs
 * the task on one backend instance at a time.
 */
export default createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'prebuild',
  register(reg) {
    reg.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        config: coreServices.rootConfig,
      },
      async init({ auth, catalog, discovery, logger, scheduler, config }) {
        if (config.getOptionalString('techdocs.builder') !== 'local') {
          return;
        }
        await scheduler.scheduleTask({
          id: 'techdocs-prebuild',
          initialDelay: { seconds: 30 },
          frequency: { minutes: 30 },
          timeout: { minutes: 20 },
          fn: async () => {
            const credentials = await auth.getOwnServiceCredentials();
            const { items } = await catalog.getEntities(
              {
                filter: {
                  [`metadata.annotations.${TECHDOCS_REF_ANNOTATION}`]:
                    CATALOG_FILTER_EXISTS,
                },
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
              },
              { credentials },
            );
            const baseUrl = await discovery.getBaseUrl('techdocs');
            const { token } = await auth.getPluginRequestToken({
              onBehalfOf: credentials,
              targetPluginId: 'techdocs',
            });
            for (const entity of items) {
              const ref = stringifyEntityRef(entity);
              const { namespace = 'default', name } = entity.metadata;
              const res = await fetch(
                `${baseUrl}/sync/${encodeURIComponent(
                  namespace,
                )}/${encodeURIComponent(entity.kind)}/${encodeURIComponent(
                  name,
                )}`,
                { headers: { authorization: `Bearer ${token}` } },
              );
              // The response is an event stream that ends when the build does.
              const events = await res.text();
              if (!res.ok || events.includes('event: error')) {
                logger.warn(
                  `TechDocs build of ${ref} failed: ${events.slice(0, 500)}`,
                );
              } else {
                logger.info(`TechDocs of ${ref} are up to date`);
              }
            }
          },
        });
      },
    });
  },
});
