import { createBackend } from '@backstage/backend-defaults';
import { humioAuditorServiceFactory } from '@internal/backstage-plugin-humio-node';
import { developmentFeatures } from './developmentFeatures';
import { checkedRootConfigServiceFactory } from './production/productionConfig';

const backend = createBackend();

// Production (auth.environment: production) stops at start, naming the
// environment variable, when a required value is missing or a remote broker,
// management API or Humio is reached in plaintext (src/production).
backend.add(checkedRootConfigServiceFactory);

// Audit events (template runs, dead-letter replays and discards,
// reconstitution jobs, catalog changes...) are logged as usual and, from
// medium severity up, kept in an outbox in each plugin's database and
// shipped to Humio (humio.audit).
backend.add(humioAuditorServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('./modules/techdocsPrebuild'));

backend.add(import('@backstage/plugin-auth-backend'));
// GitHub sign-in, for members of portal.signIn.github.organization only.
// Guest sign-in is not here: only the development start adds it
// (dev/development.ts), so no setting can enable it in production.
backend.add(import('./modules/githubAuth'));
for (const feature of developmentFeatures()) {
  backend.add(feature);
}

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('./modules/catalogConventions'));
// Every repository of the configured GitHub organisations, streamed in
// bursts (catalog.providers.githubRepos); its admin endpoints are under
// /api/catalog/incremental.
backend.add(
  import('@backstage/plugin-catalog-backend-module-incremental-ingestion'),
);
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-github-repos'),
);
// A killed backend can leave an entity processed but never stitched; this
// puts such entities through processing again.
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-stitch-repair'),
);
// The organisation (users, colonies, squads) from GitHub teams and members,
// typed by the team naming convention. Does nothing unless
// catalog.providers.githubOrg is configured (app-config.production.yaml).
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
backend.add(
  import(
    '@internal/backstage-plugin-catalog-backend-module-github-org-conventions'
  ),
);
// Which component owns which RabbitMQ queue (first claim wins; conflicts are
// processing errors); dead letters and reconstitution read it through
// /api/catalog/queue-registry.
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-queue-registry'),
);
// Lists entities that failed processing (invalid YAML, unknown kinds, ...)
// with their errors, on the "Unprocessed Entities" page.
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
// Registers the Postgres engine on Postgres; on SQLite it steps aside and
// search falls back to the built-in Lunr engine.
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// The organisation's own plugins.
backend.add(import('@internal/backstage-plugin-dead-letter-backend'));
backend.add(import('@internal/backstage-plugin-reconstitution-backend'));
backend.add(import('@internal/backstage-plugin-github-pull-requests-backend'));
// A component's recent logs and error counts from Humio (its Logs tab).
backend.add(import('@internal/backstage-plugin-humio-backend'));

// Tech insights: the community backend stores facts; the scorecards module
// adds the portal's retrievers, tracks and levels, history and roll-ups.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@internal/backstage-plugin-tech-insights-backend-module-scorecards'),
);

// A failed start (e.g. a migration race between replicas on an empty
// database) must end the process so the orchestrator restarts it, rather than
// leave an instance that never becomes ready.
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('Backend failed to start', error);
  process.exit(1);
});
