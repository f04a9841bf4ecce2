import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    globals: true,
    coverage: {
      provider: 'v8',
      include: ['pages/**', 'components/**'],
      reporter: ['text', 'lcov'],
      thresholds: { lines: 80 },
    },
  },
});
