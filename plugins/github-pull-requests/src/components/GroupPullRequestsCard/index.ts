export { GroupPullRequestsCard } from './GroupPullRequestsCard';
