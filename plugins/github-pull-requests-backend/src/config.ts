import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export type GithubPullRequestsConfig = {
  /** host (and port) of the `integrations.github` entry used. */
  host: string;
  cacheSeconds: number;
  maxRepositories: number;
};

export function readGithubPullRequestsConfig(
  config: Config,
): GithubPullRequestsConfig {
  const root = config.getOptionalConfig('githubPullRequests');
  const host = root?.getOptionalString('host')?.trim() || 'github.com';
  const cacheSeconds = root?.getOptionalNumber('cacheSeconds') ?? 60;
  const maxRepositories = root?.getOptionalNumber('maxRepositories') ?? 200;
  if (!(cacheSeconds >= 0)) {
    throw new InputError(
      'githubPullRequests.cacheSeconds must be 0 or more (0 turns the cache off)',
    );
  }
  if (!Number.isInteger(maxRepositories) || maxRepositories < 1) {
    throw new InputError(
      'githubPullRequests.maxRepositories must be a whole number of at least 1',
    );
  }
  return { host, cacheSeconds, maxRepositories };
}
