import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Integration tests start real local services (dynalite, SES local) on random ports.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
