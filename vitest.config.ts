import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real local services (dynalite, SES local) on random ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
