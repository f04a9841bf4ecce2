/*
 * The backend under test of the tech-insights bench, started by index.ts in
 * its own process (config through `--config`) so that its memory is its
 * own: the catalog, the community tech-insights backend with the portal's
 * scorecards module (as packages/backend installs them), auth with the
 * guest provider (the reads are measured as a signed-in person) and the
 * permission framework with a policy that allows everything.
 */
import { createBackend } from '@backstage/backend-defaults';
import { allowAllPolicy } from '../lib/allowAllPolicy';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@internal/backstage-plugin-tech-insights-backend-module-scorecards'),
);
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(allowAllPolicy);
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed: ${error}`);
  process.exit(1);
});
