import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export type GithubPullRequestsConfig = {
  /** host (and port) of the `integrations.github` entry used. */
  host: string;
  cacheSeconds: number;
  maxRepositories: number;
  /**
   * Organisations (lower case) whose repositories the card reads; empty
   * when none is configured, and then the card reads none.
   */
  organizations: string[];
};

/**
 * `githubPullRequests.organizations`, or else the organisations the catalog
 * ingests from the same host (`catalog.providers.githubRepos.<id>`): those
 * are the portal's own, whatever else the integration's token may read.
 */
function readOrganizations(config: Config, host: string): string[] {
  const configured = config.getOptionalStringArray(
    'githubPullRequests.organizations',
  );
  if (configured) {
    return [
      ...new Set(configured.map(o => o.trim().toLowerCase()).filter(Boolean)),
    ];
  }
  const providers = config.getOptionalConfig('catalog.providers.githubRepos');
  const organizations = new Set<string>();
  for (const id of providers?.keys() ?? []) {
    const provider = providers!.getConfig(id);
    const providerHost = provider.getOptionalString('host') ?? 'github.com';
    const organization = provider.getOptionalString('organization')?.trim();
    if (organization && providerHost.toLowerCase() === host.toLowerCase()) {
      organizations.add(organization.toLowerCase());
    }
  }
  return [...organizations];
}

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
  return {
    host,
    cacheSeconds,
    maxRepositories,
    organizations: readOrganizations(config, host),
  };
}
