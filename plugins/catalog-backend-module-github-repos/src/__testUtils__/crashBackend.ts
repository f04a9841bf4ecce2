import { createBackend } from '@backstage/backend-defaults';

// A real backend process for the crash test (src/crash.serial.test.ts) that
// can be SIGKILLed in the middle of a burst: the catalog, the incremental
// ingestion engine, this module, and the stitch repair that the portal's
// backend also runs (a kill can strand an entity between processing and
// stitching). Config comes from `--config`.
const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-incremental-ingestion'),
);
backend.add(import('../index'));
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-stitch-repair'),
);
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed: ${error}`);
  process.exit(1);
});
