/**
 * Test helpers for the portal's frontend plugins: fake backend errors and
 * API clients on a recorded fetch.
 *
 * @packageDocumentation
 */
export { backendError } from './backendError';
export { errorResponse, jsonResponse, setupClient } from './clientTesting';
