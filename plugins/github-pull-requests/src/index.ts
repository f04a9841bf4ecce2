/**
 * Frontend of the github-pull-requests plugin: the open pull requests of a
 * squad's repositories on its group page.
 *
 * @packageDocumentation
 */
export { githubPullRequestsPlugin as default } from './plugin';
export * from './api';
