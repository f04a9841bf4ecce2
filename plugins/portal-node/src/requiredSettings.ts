import { Config } from '@backstage/config';

/**
 * A value production cannot run without, supplied through an environment
 * variable that the production configuration file references as `${env}`.
 *
 * The variable itself is checked, not the configuration value: when a
 * `${VAR}` is missing, Backstage drops the key from that file and the value
 * of an earlier file (a development default) shows through unnoticed.
 */
export interface RequiredSetting {
  /** Environment variable, e.g. AMQP_PROD_URL. */
  env: string;
  /** Configuration keys it fills, for the message (e.g. amqp.environments.prod.url). */
  keys: string[];
  /**
   * For URLs: the scheme required of remote hosts (`https:` or `amqps:`)
   * and the plaintext scheme accepted on loopback hosts or when plaintext
   * is explicitly allowed.
   */
  transport?: { secure: string; plain: string };
}

/** Thrown when production settings are missing or unsafe; the message lists every problem. */
export class ProductionSettingsError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `The production configuration is incomplete or unsafe:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'ProductionSettingsError';
    this.problems = problems;
  }
}

/** localhost, 127.0.0.0/8 and ::1: traffic to them never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every(o => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/**
 * Checks a URL against a transport rule; returns a problem, or undefined
 * when the URL is acceptable.
 */
export function checkTransport(
  value: string,
  transport: { secure: string; plain: string },
  options: { allowPlaintext: boolean },
): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol === transport.secure) return undefined;
  if (url.protocol !== transport.plain) {
    return `must use ${transport.secure}// (got ${url.protocol}//)`;
  }
  if (options.allowPlaintext || isLoopbackHost(url.hostname)) {
    return undefined;
  }
  return `must use ${transport.secure}// for the remote host ${url.hostname} (plain ${transport.plain}// is allowed only on loopback hosts or with portal.allowPlaintextTransport: true)`;
}

/**
 * Every problem with the given settings: variables that are unset or blank,
 * and URLs that break their transport rule.
 */
export function findSettingProblems(
  settings: RequiredSetting[],
  env: Record<string, string | undefined>,
  options: { allowPlaintext: boolean },
): string[] {
  const problems: string[] = [];
  for (const setting of settings) {
    const value = env[setting.env];
    const keys = setting.keys.join(', ');
    if (value === undefined || value.trim() === '') {
      problems.push(`${setting.env} is not set (${keys})`);
      continue;
    }
    if (setting.transport) {
      const problem = checkTransport(value.trim(), setting.transport, options);
      if (problem) problems.push(`${setting.env} ${problem} (${keys})`);
    }
  }
  return problems;
}

/**
 * Throws a {@link ProductionSettingsError} naming every missing or unsafe
 * setting. `portal.allowPlaintextTransport` (a configuration key, never an
 * environment variable, so that it is a deliberate choice) lets remote
 * hosts use plain amqp:// and http://.
 */
export function assertRequiredSettings(
  config: Config,
  settings: RequiredSetting[],
  env: Record<string, string | undefined> = process.env,
): void {
  const allowPlaintext =
    config.getOptionalBoolean('portal.allowPlaintextTransport') ?? false;
  const problems = findSettingProblems(settings, env, { allowPlaintext });
  if (problems.length > 0) {
    throw new ProductionSettingsError(problems);
  }
}
