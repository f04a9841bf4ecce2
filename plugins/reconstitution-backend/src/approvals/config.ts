import { Config } from '@backstage/config';
import { readEnvironmentApprovals } from '@internal/backstage-plugin-portal-node';

/**
 * `reconstitution.environments.<env>.approval`: which environments' jobs
 * wait for a second person, and how long (ms). Required by default for an
 * environment named prod and, under the production configuration, for
 * every environment. Environments without approval are absent.
 */
export function readJobApprovalSettings(
  config: Config,
  environments: string[],
): Map<string, { expiryMs: number }> {
  return readEnvironmentApprovals(config, {
    environments,
    configKey: name => `reconstitution.environments.${name}.approval`,
    switchKey: 'required',
  });
}
