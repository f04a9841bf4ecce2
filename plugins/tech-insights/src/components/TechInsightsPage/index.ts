export { TechInsightsPage } from './TechInsightsPage';
