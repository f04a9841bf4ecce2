import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export type DeadLetterEnvironmentConfig = {
  name: string;
  queues: string[];
  prefetch: number;
  batchSize: number;
};

export function readDeadLetterConfig(config: Config) {
  const root = config.getOptionalConfig('deadLetter');
  const environments: DeadLetterEnvironmentConfig[] = [];
  const envs = root?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    const env = envs!.getConfig(name);
    const prefetch = env.getOptionalNumber('prefetch') ?? 500;
    const batchSize = env.getOptionalNumber('batchSize') ?? 250;
    if (prefetch < 1 || batchSize < 1 || batchSize > prefetch) {
      throw new InputError(
        `deadLetter.environments.${name}: prefetch and batchSize must be positive and batchSize <= prefetch`,
      );
    }
    environments.push({
      name,
      queues: env.getStringArray('queues'),
      prefetch,
      batchSize,
    });
  }
  return {
    environments,
    ownerRefreshMinutes: root?.getOptionalNumber('ownerRefreshMinutes') ?? 1,
    maxReplayCount: root?.getOptionalNumber('replay.maxReplayCount') ?? 5,
  };
}
