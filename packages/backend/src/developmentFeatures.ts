import type { BackendFeature } from '@backstage/backend-plugin-api';

type Feature = BackendFeature | Promise<{ default: BackendFeature }>;

const features: Feature[] = [];

/**
 * Adds a feature to the backend that `yarn start` runs: called only by
 * dev/development.ts, which the development start preloads
 * (`--require`). The production build neither contains that file nor calls
 * this, so development-only features (guest sign-in) are not in it at all,
 * whatever the environment or configuration.
 */
export function addDevelopmentFeature(feature: Feature): void {
  features.push(feature);
}

/** What the development preload added; empty in production. */
export function developmentFeatures(): Feature[] {
  return [...features];
}
