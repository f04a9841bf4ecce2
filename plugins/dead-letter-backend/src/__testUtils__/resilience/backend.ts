import { createBackend } from '@backstage/backend-defaults';
import { deadLetterPlugin } from '../../plugin';

// A real, separate backend process for the resilience tests (see
// harness.ts): the default services of @backstage/backend-defaults, the
// amqp environments from their default factory, and the dead-letter plugin.
// No catalog: queue owners stay unknown. Config comes from `--config`.
const backend = createBackend();
backend.add(deadLetterPlugin);
backend.start().catch(error => {
  // A failed start otherwise leaves the process up but never ready.
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed: ${error}`);
  process.exit(1);
});
