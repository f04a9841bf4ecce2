/**
 * Scorecards for the tech-insights backend: tracks with levels, results
 * and history, roll-ups, exemptions, and the portal's fact retrievers.
 *
 * @packageDocumentation
 */
export { techInsightsModuleScorecards as default } from './module';
export { createFactRetrievers } from './retrievers';
export { readTracks } from './tracks/readTracks';
