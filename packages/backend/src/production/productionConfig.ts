import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import {
  assertRequiredSettings,
  isProductionConfig,
} from '@internal/backstage-plugin-portal-node';
import {
  OPTIONAL_PRODUCTION_SETTINGS,
  PRODUCTION_SETTINGS,
} from './requiredSettings';

/**
 * Refuses to go on with a production configuration that lacks a required
 * environment variable or sends credentials in plaintext to a remote host.
 * Development configurations pass untouched.
 */
export function checkProductionConfig(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): void {
  if (!isProductionConfig(config)) return;
  const present = OPTIONAL_PRODUCTION_SETTINGS.filter(
    s => (env[s.env] ?? '').trim() !== '',
  );
  assertRequiredSettings(config, [...PRODUCTION_SETTINGS, ...present], env);
}

/**
 * The default root config service (same sources: --config arguments,
 * APP_CONFIG_*, remote), checked as soon as it is loaded. Every other
 * service and plugin depends on the root config, so a production backend
 * with a missing variable stops before it connects to anything.
 */
export const checkedRootConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    // eslint-disable-next-line no-console
    console.log(`Loading config from ${source}`);
    const config = await ConfigSources.toConfig(source);
    checkProductionConfig(config);
    return config;
  },
});
