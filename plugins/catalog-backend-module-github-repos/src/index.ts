/***/
/**
 * The github-repos backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleGithubRepos as default } from './module';
// The GraphQL client (rate-limit waits, retries) is shared with other
// backends that read GitHub, e.g. tech insights' repository facts.
export {
  GitHubClient,
  RateLimitedError,
  type GitHubClientOptions,
} from './github/GitHubClient';
export { graphqlUrlFor } from './provider/GitHubReposEntityProvider';
