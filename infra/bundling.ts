/**
 * How every function is bundled (esbuild through NodejsFunction): ESM, minified, tree-shaken,
 * with the AWS SDK bundled in. Shared with bench/bundles.ts so the benchmark measures exactly
 * what is deployed.
 */
export const BUNDLING = {
  format: 'esm',
  minify: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM output with CommonJS dependencies inside needs a `require`.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} as const;

export const FUNCTION_ENTRIES = {
  nightlyRun: 'functions/nightly-run/handler.ts',
  sendDigest: 'functions/send-digest/handler.ts',
  plannerApi: 'functions/planner-api/handler.ts',
  cqcSync: 'functions/cqc-sync/handler.ts',
} as const;
