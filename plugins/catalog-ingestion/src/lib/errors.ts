import {
  describeError as describe,
  ErrorDescription,
  statusOf,
} from '@internal/backstage-plugin-portal-react';

/**
 * The shared description of an error with its HTTP status, which tells the
 * ingestion router's own 404s and the engine's missing tables (500) apart.
 */
export function describeError(
  error: Error,
): ErrorDescription & { status?: number } {
  return { ...describe(error), status: statusOf(error) };
}
