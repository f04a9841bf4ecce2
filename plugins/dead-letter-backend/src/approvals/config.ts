import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readEnvironmentApprovals } from '@internal/backstage-plugin-portal-node';

/** When an environment's replays and discards need a second person. */
export type ApprovalSettings = {
  /** Selections of at least this many messages wait for approval. */
  minMessages: number;
  /** How long a request may wait before it expires. */
  expiryMs: number;
};

const DEFAULT_MIN_MESSAGES = 100;

/**
 * `deadLetter.environments.<env>.approval` per environment. On by default
 * for an environment named prod and, under the production configuration,
 * for every environment; `enabled: false` turns it off, `enabled: true`
 * turns it on elsewhere. Environments without approval are absent.
 */
export function readApprovalSettings(
  config: Config,
  environments: string[],
): Map<string, ApprovalSettings> {
  return readEnvironmentApprovals(config, {
    environments,
    configKey: name => `deadLetter.environments.${name}.approval`,
    switchKey: 'enabled',
    readExtra: (approval, key) => {
      const minMessages =
        approval?.getOptionalNumber('minMessages') ?? DEFAULT_MIN_MESSAGES;
      if (!Number.isInteger(minMessages) || minMessages < 1) {
        throw new InputError(`${key}.minMessages: must be a whole number >= 1`);
      }
      return { minMessages };
    },
  });
}
