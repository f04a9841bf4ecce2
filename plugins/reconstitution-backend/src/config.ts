import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readConsumerSettings } from '@internal/amqp-node';
import {
  DEFAULT_CONVENTION,
  EventConvention,
  FieldSource,
} from './archive/readEvent';

export type ArchiveEnvironmentConfig = {
  name: string;
  /** Exchanges whose events are archived (bound with `#`). */
  exchanges: string[];
  queue: string;
  prefetch: number;
  batchSize: number;
};

const FIELDS: Array<keyof EventConvention> = [
  'domain',
  'entityType',
  'entityId',
  'eventName',
  'occurredAt',
];

function readSources(config: Config, key: string): FieldSource[] {
  return config.getConfigArray(key).map((source, i) => {
    const where = `reconstitution.convention.${key}[${i}]`;
    const header = source.getOptionalString('header');
    const property = source.getOptionalString('property');
    const segment = source.getOptionalNumber('routingKeySegment');
    if (header !== undefined) return { header };
    if (property !== undefined) {
      if (!['type', 'timestamp', 'messageId', 'appId'].includes(property)) {
        throw new InputError(
          `${where}.property: one of type, timestamp, messageId, appId`,
        );
      }
      return { property: property as 'type' };
    }
    if (segment !== undefined && Number.isInteger(segment) && segment >= 0) {
      return { routingKeySegment: segment };
    }
    throw new InputError(
      `${where}: give header, property or routingKeySegment (a whole number from 0)`,
    );
  });
}

export function readReconstitutionConfig(config: Config) {
  const root = config.getOptionalConfig('reconstitution');
  const environments: ArchiveEnvironmentConfig[] = [];
  const envs = root?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    const env = envs!.getConfig(name);
    const { prefetch, batchSize } = readConsumerSettings(
      env,
      `reconstitution.environments.${name}`,
    );
    environments.push({
      name,
      exchanges: env.getStringArray('exchanges'),
      queue: env.getOptionalString('queue') ?? 'portal.reconstitution.archive',
      prefetch,
      batchSize,
    });
  }
  const conventionConfig = root?.getOptionalConfig('convention');
  const convention: EventConvention = { ...DEFAULT_CONVENTION };
  for (const field of FIELDS) {
    if (conventionConfig?.has(field)) {
      convention[field] = readSources(conventionConfig, field);
    }
  }
  const jobsConfig = root?.getOptionalConfig('jobs');
  const window = jobsConfig?.getOptionalNumber('window') ?? 1000;
  const staleAfterSeconds =
    jobsConfig?.getOptionalNumber('staleAfterSeconds') ?? 30;
  if (!Number.isInteger(window) || window < 1 || window > 65535) {
    throw new InputError(
      'reconstitution.jobs.window must be a whole number from 1 to 65535',
    );
  }
  if (!(staleAfterSeconds >= 1)) {
    throw new InputError(
      'reconstitution.jobs.staleAfterSeconds must be at least 1',
    );
  }
  const retentionDays = root?.getOptionalNumber('retentionDays') ?? 400;
  if (!(retentionDays >= 1)) {
    throw new InputError('reconstitution.retentionDays must be at least 1');
  }
  return {
    environments,
    convention,
    jobs: { window, staleAfterSeconds },
    retentionDays,
  };
}
