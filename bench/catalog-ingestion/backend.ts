/*
 * The backend under test of the catalog-ingestion bench, started by
 * index.ts in its own process (config through `--config`) so that its
 * memory can be measured and a provider that runs out of memory does not
 * take the bench with it.
 *
 * BENCH_BACKEND_MODE=incremental: the catalog with the incremental ingestion
 * engine and the portal's GitHub module, as packages/backend installs them.
 * BENCH_BACKEND_MODE=full: the catalog with the bench's full-mutation
 * provider over the same source instead.
 * Both: auth with the guest provider, the permission framework (with a
 * policy that allows everything, as the portal's policy does for reading
 * the catalog) and, with BENCH_SERVE_APP=1, the production app bundle.
 */
import { createBackend } from '@backstage/backend-defaults';
import { allowAllPolicy } from '../lib/allowAllPolicy';

const mode = process.env.BENCH_BACKEND_MODE;

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
if (mode === 'incremental') {
  backend.add(
    import('@backstage/plugin-catalog-backend-module-incremental-ingestion'),
  );
  backend.add(
    import('@internal/backstage-plugin-catalog-backend-module-github-repos'),
  );
} else if (mode === 'full') {
  backend.add(import('./fullMutationProvider'));
} else {
  // eslint-disable-next-line no-console
  console.error(`BENCH_BACKEND_MODE must be incremental or full, not ${mode}`);
  process.exit(2);
}
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(allowAllPolicy);
if (process.env.BENCH_SERVE_APP === '1') {
  backend.add(import('@backstage/plugin-app-backend'));
}
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed: ${error}`);
  process.exit(1);
});
