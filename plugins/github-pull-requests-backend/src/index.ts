export { githubPullRequestsPlugin as default } from './plugin';
