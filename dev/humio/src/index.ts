/**
 * A local stand-in for Humio (CrowdStrike Falcon LogScale): structured
 * ingest, the query and query-jobs APIs over a small subset of the query
 * language, deterministic sample logs, and outages on demand. For tests and
 * local development; never part of a production configuration.
 *
 * @packageDocumentation
 */

export { startHumioServer } from './server';
export type { HumioServerOptions, LocalHumio } from './server';
export type { HumioControl, HumioInfo } from './control/control';
export type { HumioStats } from './http/stats';
export type { HumioEvent } from './data/events';
export { DEFAULT_SAMPLE_REPOSITORY } from './data/sample';
