import path from 'node:path';
import { CqcApiClient } from '../adapters/cqc/api-client.ts';
import { makeLogger } from '../adapters/observability.ts';
import type { IsoDate } from '../domain/calendar.ts';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.ts';
import type { RunRecord } from '../use-cases/nightly-run.ts';
import type { SyncRun } from '../use-cases/sync-trusts.ts';
import { type LocalUserPool, seedUsers, startLocalUserPool } from './cognito.ts';
import { type CqcApiStandIn, DEMO_CQC_DIR, readDocs, startCqcApiStandIn } from './cqc-api-stand-in.ts';
import { demoTrusts } from './demo.ts';
import { demoCqcDocuments, demoSingleAssessmentProvider } from './demo-cqc.ts';
import { type LocalStack, startStack } from './stack.ts';

export interface StartOptions {
  asOf: IsoDate;
  dataDir: string;
  dynamoPort: number;
  sesPort: number;
  apiPort: number;
  /** The CQC API stand-in's port (0: any free port). */
  cqcApiPort: number;
  /** The local user pool's port (0 or absent: any free port). */
  cognitoPort?: number;
  /** Where the user pool keeps its data (absent: a temporary folder). */
  userPoolDir?: string;
  tableName: string;
  policy?: Policy;
  print: (line: string) => void;
}

export interface Started {
  stack: LocalStack;
  cqcApi: CqcApiStandIn;
  userPool: LocalUserPool;
  /** Who can sign in locally (with LOCAL_PASSWORD), and as what. */
  users: { email: string; role: 'planner' | 'holder' | 'admin' }[];
  demoLoaded: boolean;
  sync: SyncRun;
  run: RunRecord;
}

/** The stand-in's subscription key: a local demo value, not a secret. */
export const STAND_IN_API_KEY = 'local-stand-in-key';

/**
 * The main job on one machine: local DynamoDB and SES, the CQC API stand-in, the fictional demo
 * trusts when the table is empty, a sync from the stand-in, one nightly run for `asOf`. The
 * caller keeps the stack serving until it is stopped.
 */
export async function startLocal(options: StartOptions): Promise<Started> {
  const policy = options.policy ?? DEFAULT_POLICY;
  // The user pool first: the planner API checks every request's token against it.
  const userPool = await startLocalUserPool({ port: options.cognitoPort, dataDir: options.userPoolDir });
  let stack: LocalStack;
  try {
    stack = await startStack({
      dataDir: options.dataDir,
      dynamoPort: options.dynamoPort,
      sesPort: options.sesPort,
      apiPort: options.apiPort,
      userPool,
      tableName: options.tableName,
      policy,
      logger: makeLogger('local', { silent: process.env.LOG_LEVEL === undefined }),
    });
  } catch (err) {
    await userPool.close();
    throw err;
  }
  let closeStandIn = async () => {};
  try {
    options.print(
      `DynamoDB (dynalite) ${stack.dynamo.endpoint}, table ${stack.tableName} (${stack.table}), data in ${path.relative(process.cwd(), options.dataDir) || options.dataDir}`,
    );
    options.print(`SES local ${stack.ses.endpoint}`);
    const trusts = demoTrusts(options.asOf);
    const demo = demoCqcDocuments(trusts);
    const cqcApi = await startCqcApiStandIn({
      port: options.cqcApiPort,
      apiKey: STAND_IN_API_KEY,
      providers: [
        ...demo.providers,
        demoSingleAssessmentProvider(options.asOf),
        ...readDocs(path.join(DEMO_CQC_DIR, 'cqc-api-providers')),
      ],
      locations: [...demo.locations, ...readDocs(path.join(DEMO_CQC_DIR, 'cqc-api-locations'))],
    });
    closeStandIn = cqcApi.close;
    options.print(`CQC API stand-in ${cqcApi.baseUrl} (key ${STAND_IN_API_KEY})`);
    // A planner, an admin and each demo relationship holder, so every role can be tried.
    const holders = [
      ...new Set(trusts.flatMap((t) => (t.relationshipHolder ? [t.relationshipHolder.email] : []))),
    ];
    const users = [
      { email: 'planner@example.org', role: 'planner' as const },
      { email: 'admin@example.org', role: 'admin' as const },
      ...holders.sort().map((email) => ({ email, role: 'holder' as const })),
    ];
    await seedUsers(userPool.pool, users);
    options.print(`User pool (cognito-local) ${userPool.endpoint}, ${users.length} users`);
    let demoLoaded = false;
    if (await stack.repos.trustRecords.isEmpty()) {
      const summary = await stack.importTrusts(trusts, { asOf: options.asOf, policy });
      demoLoaded = true;
      options.print(`Loaded demo data: ${summary.trusts} fictional trusts, ${summary.created} records`);
    }
    options.print('Syncing from the CQC API stand-in…');
    const sync = await stack.syncFrom(
      new CqcApiClient({
        baseUrl: cqcApi.baseUrl,
        apiKey: STAND_IN_API_KEY,
        requestsPerMinute: 6000,
        timeoutMs: 5000,
        retries: 3,
      }),
      { mode: 'incremental', asOf: options.asOf },
    );
    options.print(
      `Synced (${sync.mode}): ${sync.providersChecked} providers, ${sync.documentsFetched} documents, ${sync.created} records created, ${sync.updated} updated, ${sync.retiredCount} retired, ${sync.problemCount} problems`,
    );
    options.print(`Running the nightly job as of ${options.asOf}…`);
    const run = await stack.nightlyRun({ asOf: options.asOf });
    return { stack, cqcApi, userPool, users, demoLoaded, sync, run };
  } catch (err) {
    await userPool.close();
    await closeStandIn();
    await stack.close();
    throw err;
  }
}
