import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLING } from '../bundling.ts';
import { bundleSourceHash } from './source-hash.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const METRICS_NAMESPACE = 'TrustScheduler';
export const SERVICE_NAME = 'trust-scheduler';

export interface LambdaFunctionProps {
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  deadLetterQueue?: IQueue;
  /** Files (relative to the project root) copied beside the bundle, read at run time. */
  copyFiles?: string[];
  /** Modules bundled on their own beside the handler's bundle, imported at run time when needed. */
  sideBundles?: { entry: string; outfile: string }[];
}

/**
 * One of the scheduler's functions, with the defaults every one of them gets: Node.js 24 on
 * arm64, an ESM bundle (minified, SDK included, source maps as external files read with
 * --enable-source-maps), X-Ray tracing, its own log group with retention, and its own role that
 * may write only to that log group. Each concern adds exactly the permissions its job needs.
 */
export class LambdaFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: runtime role`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, props.entry),
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      logGroup,
      role,
      tracing: Tracing.ACTIVE,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // Stack traces point into the TypeScript sources, through the bundle's .map file.
        NODE_OPTIONS: '--enable-source-maps',
      },
      // Bundling is skipped when this exact bundle is already staged (see source-hash.ts).
      bundling: {
        assetHash: bundleSourceHash(ROOT, { entry: props.entry, ...BUNDLING }),
        format: OutputFormat.ESM,
        minify: BUNDLING.minify,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        // Bundle the AWS SDK too: a pinned, tree-shaken copy rather than the runtime's.
        externalModules: [],
        banner: BUNDLING.banner,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(props.copyFiles ?? []).map(
              (f) => `cp "${path.join(inputDir, f)}" "${outputDir}/${path.basename(f)}"`,
            ),
            ...(props.sideBundles ?? []).map(
              (b) =>
                `"${path.join(inputDir, 'node_modules/.bin/esbuild')}" "${path.join(inputDir, b.entry)}" --bundle --platform=node --format=esm --minify --sourcemap --target=${BUNDLING.target} --main-fields=${BUNDLING.mainFields.join(',')} --banner:js="${BUNDLING.banner}" --outfile="${outputDir}/${b.outfile}" --log-level=warning`,
            ),
          ],
        },
      },
    });
  }
}
