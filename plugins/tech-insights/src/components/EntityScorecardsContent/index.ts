export {
  EntityScorecards,
  EntityScorecardsContent,
} from './EntityScorecardsContent';
