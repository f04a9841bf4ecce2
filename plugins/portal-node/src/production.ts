import { Config } from '@backstage/config';

/**
 * Whether the backend runs with the production configuration.
 *
 * The marker is `auth.environment: production`, which
 * `app-config.production.yaml` sets as a literal. It is deliberately not
 * NODE_ENV: a production bundle started with NODE_ENV=development must still
 * behave as production (no development defaults, no relaxed checks).
 */
export function isProductionConfig(config: Config): boolean {
  return config.getOptionalString('auth.environment') === 'production';
}
