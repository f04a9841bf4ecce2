import type { RequiredSetting } from '@internal/backstage-plugin-portal-node';

const AMQP = { secure: 'amqps:', plain: 'amqp:' };
const HTTP = { secure: 'https:', plain: 'http:' };

/**
 * What production cannot run without, and the environment variables
 * app-config.production.yaml reads them from. Keep this list, that file and
 * the README's production table in step.
 */
export const PRODUCTION_SETTINGS: RequiredSetting[] = [
  {
    env: 'PORTAL_BASE_URL',
    keys: ['app.baseUrl', 'backend.baseUrl', 'backend.cors.origin'],
    transport: HTTP,
  },
  // The group with every right: never the development example's squad.
  { env: 'PORTAL_PLATFORM_TEAM', keys: ['portal.platformTeam'] },
  { env: 'POSTGRES_HOST', keys: ['backend.database.connection.host'] },
  { env: 'POSTGRES_PORT', keys: ['backend.database.connection.port'] },
  { env: 'POSTGRES_USER', keys: ['backend.database.connection.user'] },
  { env: 'POSTGRES_PASSWORD', keys: ['backend.database.connection.password'] },
  {
    env: 'AUTH_GITHUB_CLIENT_ID',
    keys: ['auth.providers.github.production.clientId'],
  },
  {
    env: 'AUTH_GITHUB_CLIENT_SECRET',
    keys: ['auth.providers.github.production.clientSecret'],
  },
  {
    env: 'GITHUB_HOST',
    keys: [
      'integrations.github[0].host',
      'catalog.providers.githubOrg.githubUrl',
      'catalog.providers.githubRepos.meridian.host',
      'githubPullRequests.host',
    ],
  },
  { env: 'GITHUB_TOKEN', keys: ['integrations.github[0].token'] },
  {
    env: 'GITHUB_ORG',
    keys: [
      'catalog.providers.githubOrg.orgs',
      'catalog.providers.githubRepos.meridian.organization',
      'githubPullRequests.organizations',
    ],
  },
  { env: 'AMQP_DEV_URL', keys: ['amqp.environments.dev.url'], transport: AMQP },
  {
    env: 'AMQP_PROD_URL',
    keys: ['amqp.environments.prod.url'],
    transport: AMQP,
  },
  {
    env: 'RABBITMQ_DEV_MANAGEMENT_URL',
    keys: ['deadLetter.environments.dev.discovery.managementUrl'],
    transport: HTTP,
  },
  {
    env: 'RABBITMQ_PROD_MANAGEMENT_URL',
    keys: ['deadLetter.environments.prod.discovery.managementUrl'],
    transport: HTTP,
  },
  { env: 'HUMIO_URL', keys: ['humio.baseUrl'], transport: HTTP },
  { env: 'HUMIO_TOKEN', keys: ['humio.token'] },
  { env: 'HUMIO_REPOSITORY', keys: ['humio.defaultRepository'] },
  { env: 'HUMIO_AUDIT_INGEST_TOKEN', keys: ['humio.audit.ingestToken'] },
];

/** Optional: when set, it must follow the same transport rule. */
export const OPTIONAL_PRODUCTION_SETTINGS: RequiredSetting[] = [
  {
    env: 'GITHUB_API_URL',
    keys: ['integrations.github[0].apiBaseUrl'],
    transport: HTTP,
  },
];
