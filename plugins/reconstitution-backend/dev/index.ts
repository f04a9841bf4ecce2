import { createBackend } from '@backstage/backend-defaults';

// Runs the plugin alone on the configured (by default in-memory) database.
const backend = createBackend();
backend.add(import('../src'));
backend.start();
