export { scorecardsApi } from './scorecardsApi';
export { techInsightsPage } from './techInsightsPage';
export {
  entityScorecardsContent,
  isScorecardEntity,
} from './entityScorecardsContent';
export { entityGroupScorecardCard } from './entityGroupScorecardCard';
