import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Integration tests start real local services (dynalite, SES local) on random ports.
    testTimeout: 60_000,
    // Test files share their worker's module cache (no re-import of the SDK and CDK per file) and
    // run two at a time: most wait on local servers, so two workers use two cores well. A file
    // that changes a global (process.env, an SDK client mock) puts it back when done.
    isolate: false,
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
