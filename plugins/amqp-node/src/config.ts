import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * One configured AMQP environment.
 *
 * @public
 */
export type AmqpEnvironmentConfig = {
  name: string;
  url: string;
};

/**
 * Reads `amqp.environments.<name>.url` from config. Returns an empty list
 * when `amqp` or `amqp.environments` is absent.
 *
 * Throws an `InputError` naming the offending key when a URL is missing or is
 * not a valid `amqp://` / `amqps://` URL. The URL itself (which may contain a
 * password) is never included in error messages.
 *
 * @public
 */
export function readAmqpEnvironmentsConfig(
  config: Config,
): AmqpEnvironmentConfig[] {
  let environments: Config | undefined;
  try {
    environments = config.getOptionalConfig('amqp.environments');
  } catch (error) {
    throw new InputError(
      `Invalid config key 'amqp.environments': expected an object mapping environment names to { url }`,
      error,
    );
  }
  if (!environments) {
    return [];
  }

  return environments.keys().map(name => {
    const key = `amqp.environments.${name}.url`;
    let url: string | undefined;
    try {
      url = environments!.getOptionalString(`${name}.url`);
    } catch {
      throw new InputError(
        `Invalid config key '${key}': expected a string like amqp://user:password@host:5672/vhost`,
      );
    }
    if (url === undefined || url.trim() === '') {
      throw new InputError(
        `Missing required config key '${key}': expected a string like amqp://user:password@host:5672/vhost`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(
        `Invalid config key '${key}': not a valid URL (expected amqp://user:password@host:5672/vhost)`,
      );
    }
    if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
      throw new InputError(
        `Invalid config key '${key}': protocol must be amqp: or amqps:, got ${parsed.protocol}`,
      );
    }
    if (!parsed.hostname) {
      throw new InputError(`Invalid config key '${key}': URL has no host`);
    }
    return { name, url };
  });
}
