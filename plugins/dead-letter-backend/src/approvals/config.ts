import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** When an environment's replays and discards need a second person. */
export type ApprovalSettings = {
  /** Selections of at least this many messages wait for approval. */
  minMessages: number;
  /** How long a request may wait before it expires. */
  expiryMs: number;
};

const DEFAULT_MIN_MESSAGES = 100;
const DEFAULT_EXPIRY_MS = 24 * 3600_000;

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
  const production =
    config.getOptionalString('auth.environment') === 'production';
  const settings = new Map<string, ApprovalSettings>();
  for (const name of environments) {
    const key = `deadLetter.environments.${name}.approval`;
    const approval = config.getOptionalConfig(key);
    const enabled =
      approval?.getOptionalBoolean('enabled') ??
      (production || name === 'prod');
    if (!enabled) continue;
    const minMessages =
      approval?.getOptionalNumber('minMessages') ?? DEFAULT_MIN_MESSAGES;
    if (!Number.isInteger(minMessages) || minMessages < 1) {
      throw new InputError(`${key}.minMessages: must be a whole number >= 1`);
    }
    let expiryMs = DEFAULT_EXPIRY_MS;
    if (approval?.has('expiry')) {
      try {
        expiryMs = durationToMilliseconds(
          readDurationFromConfig(approval, { key: 'expiry' }),
        );
      } catch (error) {
        throw new InputError(
          `${key}.expiry: a duration such as '24h' or { hours: 24 }: ${error}`,
        );
      }
    }
    if (!(expiryMs >= 1000)) {
      throw new InputError(`${key}.expiry: must be at least one second`);
    }
    settings.set(name, { minMessages, expiryMs });
  }
  return settings;
}
