/**
 * Each function's bundle, built exactly as the CDK builds it (with its source map in a linked
 * file) and loaded as Lambda loads it (`--enable-source-maps`, as NODE_OPTIONS sets it): size, and
 * cold module-load time in a fresh Node process (median of 80, alternating), against the
 * baseline the target is set on: a bundle of only the same AWS SDK clients wrapped by
 * Powertools Tracer (so with the X-Ray SDK: tracing is a deliberate cost), built and loaded the
 * same way. For what tracing costs, also the bare clients alone and the function's bundle with
 * Tracer stubbed out. Fewer runs are too noisy to judge a 1.3× line (30-run samples spread ±0.15).
 * Run: npm run bench -- bundles
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BUNDLING, FUNCTION_ENTRIES } from '../infra/bundling.ts';
import { median, writeResult } from './lib.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 80);
// Inside the project (git-ignored) so the bare-client entries resolve node_modules.
const OUT = path.join(ROOT, '.local/bench-bundles');
mkdirSync(OUT, { recursive: true });

/** The SDK clients each function creates, and nothing else. */
const BARE: Record<keyof typeof FUNCTION_ENTRIES, string> = {
  nightlyRun: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new EventBridgeClient({})];`,
  sendDigest: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SESv2Client({})];`,
  plannerApi: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({}))];`,
  cqcSync: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SecretsManagerClient({})];`,
};

/** The same clients, each wrapped by Powertools Tracer as the functions wrap theirs. */
const withTracer = (bare: string) =>
  bare
    .replace(
      'export const clients = [',
      "import { Tracer } from '@aws-lambda-powertools/tracer';\nconst tracer = new Tracer({ serviceName: 'bench' });\nexport const clients = [",
    )
    .replace(/\];$/, '].map((c) => tracer.captureAWSv3Client(c));');

/** Replaces Powertools Tracer (and so the X-Ray SDK) by a no-op: what tracing costs at load. */
const withoutTracer: Plugin = {
  name: 'without-tracer',
  setup(b) {
    b.onResolve({ filter: /^@aws-lambda-powertools\/tracer(\/middleware)?$/ }, (args) => ({
      path: args.path,
      namespace: 'no-tracer',
    }));
    b.onLoad({ filter: /.*/, namespace: 'no-tracer' }, () => ({
      contents:
        'export class Tracer { captureAWSv3Client(c) { return c; } }\nexport const captureLambdaHandler = () => ({ before: () => {} });',
      loader: 'js',
    }));
  },
};

/** KB of a bundle by where it comes from: the SDK (with Smithy), each other package, our folders. */
function partsOf(inputs: Record<string, { bytesInOutput: number }>): Record<string, number> {
  const bytes: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const part = !pkg
      ? `${file.split('/')[0]}/`
      : pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/')
        ? 'AWS SDK (@aws-sdk, @smithy)'
        : pkg;
    bytes[part] = (bytes[part] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(
    Object.entries(bytes)
      .filter(([, b]) => b >= 2048)
      .sort((a, b) => b[1] - a[1])
      .map(([part, b]) => [part, +(b / 1024).toFixed(1)]),
  );
}

let lastParts: Record<string, number> = {};

async function bundle(entry: string, outfile: string, plugins: Plugin[] = []): Promise<number> {
  const result = await build({
    plugins,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    logLevel: 'silent',
    absWorkingDir: ROOT,
    metafile: true,
    // As NodejsFunction builds it with sourceMap and SourceMapMode.DEFAULT: a linked .map file.
    sourcemap: 'linked',
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => !file.endsWith('.map'))![1];
  lastParts = partsOf(output.inputs);
  return output.bytes;
}

const probeEnv = {
  ...process.env,
  TABLE_NAME: 'trust-scheduler',
  AWS_REGION: 'eu-west-2',
  EVENT_BUS_NAME: 'bus',
  USER_POOL_ID: 'eu-west-2_Bench1',
  USER_POOL_CLIENT_ID: 'bench-client',
  SIGN_IN_DOMAIN_URL: 'https://bench.auth.eu-west-2.amazoncognito.com',
  WEB_BASE_URL: 'https://bench.example.org',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Milliseconds to import the bundle in a fresh Node process. */
function loadTime(file: string): number {
  const probe = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', probe], {
      env: probeEnv,
    })
      .toString()
      .trim(),
  );
}

const results: Record<string, unknown> = {};
for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [keyof typeof FUNCTION_ENTRIES, string][]) {
  const fnFile = path.join(OUT, `${name}.mjs`);
  const bareEntry = path.join(OUT, `${name}-bare.ts`);
  writeFileSync(bareEntry, BARE[name]);
  const bareFile = path.join(OUT, `${name}-bare.mjs`);
  const tracedEntry = path.join(OUT, `${name}-traced.ts`);
  writeFileSync(tracedEntry, withTracer(BARE[name]));
  const tracedFile = path.join(OUT, `${name}-traced.mjs`);
  const size = await bundle(path.join(ROOT, entry), fnFile);
  const parts = lastParts;
  const bareSize = await bundle(bareEntry, bareFile);
  const tracedSize = await bundle(tracedEntry, tracedFile);
  const noTracerFile = path.join(OUT, `${name}-no-tracer.mjs`);
  const noTracerSize = await bundle(path.join(ROOT, entry), noTracerFile, [withoutTracer]);
  // Alternate one by one so drift in machine load affects both alike; one warm-up each.
  for (const file of [fnFile, tracedFile, bareFile, noTracerFile]) loadTime(file);
  const fnTimes: number[] = [];
  const tracedTimes: number[] = [];
  const bareTimes: number[] = [];
  const noTracerTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fnTimes.push(loadTime(fnFile));
    tracedTimes.push(loadTime(tracedFile));
    bareTimes.push(loadTime(bareFile));
    noTracerTimes.push(loadTime(noTracerFile));
  }
  results[name] = {
    entry,
    bundleKB: +(size / 1024).toFixed(1),
    loadMedianMs: +median(fnTimes).toFixed(1),
    // The target's baseline: the same SDK clients wrapped by Tracer (X-Ray SDK included).
    tracedClientsBundleKB: +(tracedSize / 1024).toFixed(1),
    tracedClientsLoadMedianMs: +median(tracedTimes).toFixed(1),
    loadRatio: +(median(fnTimes) / median(tracedTimes)).toFixed(2),
    // What tracing costs: the bare clients, and this bundle with Tracer stubbed out, against them.
    bareClientsBundleKB: +(bareSize / 1024).toFixed(1),
    bareClientsLoadMedianMs: +median(bareTimes).toFixed(1),
    withoutTracer: {
      bundleKB: +(noTracerSize / 1024).toFixed(1),
      loadMedianMs: +median(noTracerTimes).toFixed(1),
      loadRatio: +(median(noTracerTimes) / median(bareTimes)).toFixed(2),
    },
    runs: fnTimes.length,
    // Where the bundle's KB come from (parts of 2 KB or more): what a smaller bundle would cut.
    largestPartsKB: parts,
  };
  process.stderr.write(`  ${name}: ${JSON.stringify(results[name])}\n`);
}
const figures = {
  node: process.version,
  sourceMaps: 'linked .map files, loaded with --enable-source-maps (as deployed)',
  targets: {
    loadRatio: 1.3,
    baseline: 'the same SDK clients wrapped by Powertools Tracer (X-Ray SDK included)',
  },
  functions: results,
};
console.log(JSON.stringify(figures, null, 2));
console.log(`written: ${writeResult('bundles', figures)}`);
