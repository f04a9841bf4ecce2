import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** How long a request waits for its second person unless configured. */
export const DEFAULT_APPROVAL_EXPIRY_MS = 24 * 3600_000;

/** Options of {@link readEnvironmentApprovals}. */
export type EnvironmentApprovalOptions<T extends object> = {
  /** The environments the plugin knows. */
  environments: string[];
  /** The approval block of one environment, e.g. `deadLetter.environments.prod.approval`. */
  configKey: (environment: string) => string;
  /** The boolean in that block that turns approval on or off. */
  switchKey: string;
  /** The plugin's own settings in the block, read before `expiry`. */
  readExtra?: (approval: Config | undefined, key: string) => T;
};

/**
 * Per environment, whether its actions wait for a second person, and for
 * how long. On by default for an environment named prod and, under the
 * production configuration, for every environment, so a forgotten block
 * never turns four eyes off; the switch turns it off, or on elsewhere.
 * Environments without approval are absent. Bad values throw at start.
 */
export function readEnvironmentApprovals<T extends object = {}>(
  config: Config,
  options: EnvironmentApprovalOptions<T>,
): Map<string, T & { expiryMs: number }> {
  const production =
    config.getOptionalString('auth.environment') === 'production';
  const settings = new Map<string, T & { expiryMs: number }>();
  for (const name of options.environments) {
    const key = options.configKey(name);
    const approval = config.getOptionalConfig(key);
    const on =
      approval?.getOptionalBoolean(options.switchKey) ??
      (production || name === 'prod');
    if (!on) continue;
    const extra = options.readExtra?.(approval, key) ?? ({} as T);
    settings.set(name, {
      ...extra,
      expiryMs: readApprovalExpiry(approval, key),
    });
  }
  return settings;
}

/** `<key>.expiry` in milliseconds: a duration of at least one second. */
export function readApprovalExpiry(
  approval: Config | undefined,
  key: string,
): number {
  let expiryMs = DEFAULT_APPROVAL_EXPIRY_MS;
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
  // Also refuses NaN, which a negative or garbled duration can produce.
  if (!(expiryMs >= 1000)) {
    throw new InputError(`${key}.expiry: must be at least one second`);
  }
  return expiryMs;
}

/**
 * Runs `fn` as one high-severity audit event of a four-eyes decision: the
 * event succeeds with it or fails with its error, which is rethrown.
 */
export async function auditDecision<T>(
  auditor: AuditorService,
  event: Pick<AuditorServiceCreateEventOptions, 'eventId' | 'request' | 'meta'>,
  fn: () => Promise<T>,
): Promise<T> {
  const audit = await auditor.createEvent({ ...event, severityLevel: 'high' });
  try {
    const result = await fn();
    await audit.success();
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
