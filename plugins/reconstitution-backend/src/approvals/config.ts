import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';

const DEFAULT_EXPIRY_MS = 24 * 3600_000;

const UNIT_MS: Record<string, number> = {
  years: 365 * 86400_000,
  months: 30 * 86400_000,
  weeks: 7 * 86400_000,
  days: 86400_000,
  hours: 3600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

function toMilliseconds(duration: Record<string, number | undefined>) {
  return Object.entries(duration).reduce(
    (sum, [unit, n]) => sum + (n ?? 0) * (UNIT_MS[unit] ?? NaN),
    0,
  );
}

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
  const production =
    config.getOptionalString('auth.environment') === 'production';
  const settings = new Map<string, { expiryMs: number }>();
  for (const name of environments) {
    const key = `reconstitution.environments.${name}.approval`;
    const approval = config.getOptionalConfig(key);
    const required =
      approval?.getOptionalBoolean('required') ??
      (production || name === 'prod');
    if (!required) continue;
    let expiryMs = DEFAULT_EXPIRY_MS;
    if (approval?.has('expiry')) {
      try {
        expiryMs = toMilliseconds(
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
    settings.set(name, { expiryMs });
  }
  return settings;
}
