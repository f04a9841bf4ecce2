import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readConsumerSettings } from '@internal/amqp-node';
import { DEFAULT_MESSAGE_TYPE_HEADERS } from './capture/parseDeadLetter';

/**
 * Who may read a message's body, headers and properties: its queue's owners
 * and the platform team (decided by the permission framework), or everyone
 * who may read dead letters.
 */
export type BodyAccess = 'owners' | 'everyone';

export type DeadLetterEnvironmentConfig = {
  name: string;
  queues: string[];
  bodyAccess: BodyAccess;
  prefetch: number;
  batchSize: number;
  /** Where the message type is read when the `type` property is empty. */
  messageTypeHeaders: ReadonlyArray<string>;
  discovery?: {
    pattern: RegExp;
    managementUrl: string;
    vhost: string;
    username: string;
    password: string;
    intervalMs: number;
  };
};

/** Vhost and credentials of an amqp:// URL, as the management API wants them. */
function fromAmqpUrl(url: string | undefined) {
  if (!url) return {};
  try {
    const parsed = new URL(url);
    const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return {
      vhost: path === '' ? '/' : path,
      username: parsed.username
        ? decodeURIComponent(parsed.username)
        : undefined,
      password: parsed.password
        ? decodeURIComponent(parsed.password)
        : undefined,
    };
  } catch {
    return {};
  }
}

function readDiscovery(
  config: Config,
  name: string,
): DeadLetterEnvironmentConfig['discovery'] {
  const env = config.getOptionalConfig(`deadLetter.environments.${name}`);
  const discovery = env?.getOptionalConfig('discovery');
  if (!discovery) return undefined;
  const key = `deadLetter.environments.${name}.discovery`;
  const source = discovery.getString('pattern');
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    throw new InputError(
      `${key}.pattern: not a valid regular expression: ${error}`,
    );
  }
  const amqp = fromAmqpUrl(
    config.getOptionalString(`amqp.environments.${name}.url`),
  );
  const managementUrl = discovery.getString('managementUrl');
  if (!/^https?:\/\//.test(managementUrl)) {
    throw new InputError(`${key}.managementUrl: must be an http(s) URL`);
  }
  const intervalSeconds = discovery.getOptionalNumber('intervalSeconds') ?? 60;
  if (!(intervalSeconds >= 1)) {
    throw new InputError(`${key}.intervalSeconds: must be at least 1`);
  }
  return {
    pattern,
    managementUrl,
    vhost: discovery.getOptionalString('vhost') ?? amqp.vhost ?? '/',
    username:
      discovery.getOptionalString('username') ?? amqp.username ?? 'guest',
    password:
      discovery.getOptionalString('password') ?? amqp.password ?? 'guest',
    intervalMs: intervalSeconds * 1000,
  };
}

/**
 * `owners` for an environment named prod, and for every environment under
 * the production configuration (`auth.environment: production`, the marker
 * portal-node's isProductionConfig reads), unless the key says otherwise.
 */
export function readBodyAccess(
  config: Config,
  key: string,
  environment: string,
): BodyAccess {
  const value = config.getOptionalString(key);
  if (value === undefined) {
    const production =
      config.getOptionalString('auth.environment') === 'production';
    return production || environment === 'prod' ? 'owners' : 'everyone';
  }
  if (value !== 'owners' && value !== 'everyone') {
    throw new InputError(
      `${key}: must be 'owners' or 'everyone', not '${value}'`,
    );
  }
  return value;
}

/** Most header names one environment may list for the message type. */
const MAX_MESSAGE_TYPE_HEADERS = 20;

function readMessageTypeHeaders(env: Config, key: string) {
  const names = env.getOptionalStringArray('messageTypeHeaders');
  if (names === undefined) return DEFAULT_MESSAGE_TYPE_HEADERS;
  if (
    names.length > MAX_MESSAGE_TYPE_HEADERS ||
    names.some(name => name.trim() === '' || name.length > 255)
  ) {
    throw new InputError(
      `${key}.messageTypeHeaders: list at most ${MAX_MESSAGE_TYPE_HEADERS} header names, none empty or longer than 255 characters`,
    );
  }
  return names;
}

export function readDeadLetterConfig(config: Config) {
  const root = config.getOptionalConfig('deadLetter');
  const environments: DeadLetterEnvironmentConfig[] = [];
  const envs = root?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    const env = envs!.getConfig(name);
    const { prefetch, batchSize } = readConsumerSettings(
      env,
      `deadLetter.environments.${name}`,
    );
    const discovery = readDiscovery(config, name);
    const queues = env.getOptionalStringArray('queues') ?? [];
    if (queues.length === 0 && !discovery) {
      throw new InputError(
        `deadLetter.environments.${name}: list the dead-letter queues in 'queues' or configure 'discovery'`,
      );
    }
    const bodyAccess = readBodyAccess(
      config,
      `deadLetter.environments.${name}.bodyAccess`,
      name,
    );
    environments.push({
      name,
      queues,
      bodyAccess,
      prefetch,
      batchSize,
      messageTypeHeaders: readMessageTypeHeaders(
        env,
        `deadLetter.environments.${name}`,
      ),
      discovery,
    });
  }
  const retentionDays = root?.getOptionalNumber('retentionDays') ?? 30;
  if (!(retentionDays > 0)) {
    throw new InputError('deadLetter.retentionDays must be positive');
  }
  const maxJobSize = root?.getOptionalNumber('replay.maxJobSize') ?? 100_000;
  const staleAfterSeconds =
    root?.getOptionalNumber('replay.staleAfterSeconds') ?? 30;
  if (!(maxJobSize >= 1) || !(staleAfterSeconds >= 1)) {
    throw new InputError(
      'deadLetter.replay.maxJobSize and staleAfterSeconds must be at least 1',
    );
  }
  return {
    environments,
    retentionDays,
    maxJobSize,
    staleAfterSeconds,
    ownerRefreshMinutes: root?.getOptionalNumber('ownerRefreshMinutes') ?? 1,
    maxReplayCount: root?.getOptionalNumber('replay.maxReplayCount') ?? 5,
  };
}
