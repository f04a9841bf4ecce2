/**
 * Local development of the portal's backends: a plugin's stand-alone
 * backend. Its own entry point, so tests importing the fuzzer do not load
 * the backend runtime.
 *
 * @packageDocumentation
 */
export { devComponent, startDevBackend } from './devBackend';
export type { DevBackendFeature } from './devBackend';
