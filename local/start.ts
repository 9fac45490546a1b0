import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInput } from '../adapters/files/read-input.ts';
import { makeLogger } from '../adapters/observability.ts';
import type { IsoDate } from '../domain/calendar.ts';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.ts';
import type { RunRecord } from '../use-cases/nightly-run.ts';
import { demoTrusts } from './demo.ts';
import { type LocalStack, startStack } from './stack.ts';

export interface StartOptions {
  asOf: IsoDate;
  dataDir: string;
  dynamoPort: number;
  sesPort: number;
  apiPort: number;
  tableName: string;
  policy?: Policy;
  /** The real CQC fixtures loaded with the demo trusts. */
  fixturesDir?: string;
  print: (line: string) => void;
}

export interface Started {
  stack: LocalStack;
  demoLoaded: boolean;
  run: RunRecord;
}

/** Real CQC API location documents loaded with the demo trusts (copied from test/fixtures). */
export const FIXTURES_DIR = fileURLToPath(new URL('./demo-data/cqc-api-locations', import.meta.url));

/**
 * The main job on one machine: local DynamoDB and SES, demo data when the table is empty, one
 * nightly run for `asOf`. The caller keeps the stack serving until it is stopped.
 */
export async function startLocal(options: StartOptions): Promise<Started> {
  const policy = options.policy ?? DEFAULT_POLICY;
  const stack = await startStack({
    dataDir: options.dataDir,
    dynamoPort: options.dynamoPort,
    sesPort: options.sesPort,
    apiPort: options.apiPort,
    tableName: options.tableName,
    policy,
    logger: makeLogger('local', { silent: process.env.LOG_LEVEL === undefined }),
  });
  try {
    options.print(
      `DynamoDB (dynalite) ${stack.dynamo.endpoint}, table ${stack.tableName} (${stack.table}), data in ${path.relative(process.cwd(), options.dataDir) || options.dataDir}`,
    );
    options.print(`SES local ${stack.ses.endpoint}`);
    let demoLoaded = false;
    if (await stack.repos.trustRecords.isEmpty()) {
      const fixtures = await readInput(options.fixturesDir ?? FIXTURES_DIR);
      const summary = await stack.importTrusts([...demoTrusts(options.asOf), ...fixtures.trusts], {
        asOf: options.asOf,
        policy,
      });
      demoLoaded = true;
      options.print(
        `Loaded demo data: ${summary.trusts} trusts (3 fictional, 2 from the real CQC fixtures), ${summary.created} records`,
      );
    }
    options.print(`Running the nightly job as of ${options.asOf}…`);
    const run = await stack.nightlyRun({ asOf: options.asOf });
    return { stack, demoLoaded, run };
  } catch (err) {
    await stack.close();
    throw err;
  }
}
