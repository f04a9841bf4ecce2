import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';

/** Where a repository's owning squad is read from, tried in order. */
export type OwnerSource =
  | { topicPrefix: string }
  | { customProperty: string }
  | { codeowners: true };

export type GitHubReposProviderConfig = {
  id: string;
  /** The GitHub integration host (github.com or a GitHub Enterprise host). */
  host: string;
  organization: string;
  owner: {
    sources: OwnerSource[];
    /** GitHub team slug → catalog group name, where they differ. */
    teams: Record<string, string>;
    /** Owner when no source names one. */
    fallback: string;
  };
  /** `spec.type` from a topic `<typeTopicPrefix><type>`, else this. */
  defaultType: string;
  typeTopicPrefix: string;
  lifecycle: string;
  pageSize: number;
  schedule: {
    burstInterval: HumanDuration;
    burstLength: HumanDuration;
    restLength: HumanDuration;
    backoff?: HumanDuration[];
  };
  rejectRemovalsAbovePercentage?: number;
  rejectEmptySourceCollections: boolean;
};

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
) {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

function readOwnerSources(config?: Config): OwnerSource[] {
  const sources = config?.getOptionalConfigArray('sources');
  if (!sources) {
    return [
      { customProperty: 'squad' },
      { topicPrefix: 'squad-' },
      { codeowners: true },
    ];
  }
  return sources.map((source, i) => {
    const topicPrefix = source.getOptionalString('topicPrefix');
    const customProperty = source.getOptionalString('customProperty');
    const codeowners = source.getOptionalBoolean('codeowners');
    if (topicPrefix !== undefined) return { topicPrefix };
    if (customProperty !== undefined) return { customProperty };
    if (codeowners) return { codeowners: true as const };
    throw new InputError(
      `owner.sources[${i}]: give topicPrefix, customProperty or codeowners: true`,
    );
  });
}

/** `catalog.providers.githubRepos.<id>` */
export function readProviderConfigs(root: Config): GitHubReposProviderConfig[] {
  const providers = root.getOptionalConfig('catalog.providers.githubRepos');
  return (providers?.keys() ?? []).map(id => {
    const config = providers!.getConfig(id);
    const owner = config.getOptionalConfig('owner');
    const schedule = config.getOptionalConfig('schedule');
    const pageSize = config.getOptionalNumber('pageSize') ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw new InputError(
        `catalog.providers.githubRepos.${id}.pageSize must be a whole number from 1 to 100`,
      );
    }
    const percentage = config.getOptionalNumber(
      'rejectRemovalsAbovePercentage',
    );
    if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
      throw new InputError(
        `catalog.providers.githubRepos.${id}.rejectRemovalsAbovePercentage must be between 0 and 100`,
      );
    }
    const teams: Record<string, string> = {};
    const teamConfig = owner?.getOptionalConfig('teams');
    for (const slug of teamConfig?.keys() ?? []) {
      teams[slug.toLocaleLowerCase('en-US')] = teamConfig!.getString(slug);
    }
    return {
      id,
      host: config.getOptionalString('host') ?? 'github.com',
      organization: config.getString('organization'),
      owner: {
        sources: readOwnerSources(owner),
        teams,
        fallback:
          owner?.getOptionalString('fallback') ?? 'group:default/unowned',
      },
      defaultType: config.getOptionalString('defaultType') ?? 'service',
      typeTopicPrefix: config.getOptionalString('typeTopicPrefix') ?? 'type-',
      lifecycle: config.getOptionalString('lifecycle') ?? 'production',
      pageSize,
      schedule: {
        burstInterval: duration(schedule, 'burstInterval', { seconds: 30 }),
        burstLength: duration(schedule, 'burstLength', { minutes: 3 }),
        restLength: duration(schedule, 'restLength', { hours: 1 }),
        backoff: schedule?.has('backoff')
          ? schedule
              .getConfigArray('backoff')
              .map(step => readDurationFromConfig(step))
          : undefined,
      },
      rejectRemovalsAbovePercentage: percentage,
      rejectEmptySourceCollections:
        config.getOptionalBoolean('rejectEmptySourceCollections') ?? true,
    };
  });
}
