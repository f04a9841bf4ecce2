import { createBackend } from '@backstage/backend-defaults';
import { reconstitutionPlugin } from '../plugin';

// A real, separate backend process for the crash test
// (jobs/crash.serial.test.ts) that can be SIGKILLed: default services and
// the reconstitution plugin. No catalog or notifications backend: only the
// job worker matters here. Config comes from `--config`.
const backend = createBackend();
backend.add(reconstitutionPlugin);
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed: ${error}`);
  process.exit(1);
});
