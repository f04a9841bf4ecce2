/***/
/**
 * The github-repos backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleGithubRepos as default } from './module';
