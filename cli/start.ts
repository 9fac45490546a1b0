import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_PASSWORD } from '../local/cognito.ts';
import { lockDataFolder } from '../local/data-lock.ts';
import { STAND_IN_API_KEY, startLocal } from '../local/start.ts';
import { type CommandIo, parseAsOf, readPolicyFile } from './due.ts';
import { describeRun } from './scan.ts';
import { LOCAL_DEFAULTS, localPorts } from './target.ts';

export const START_USAGE = `Usage: npm start [-- --as-of YYYY-MM-DD] [--once] [--reset]

Starts the embedded local stack (dynalite for DynamoDB, SES local, the planner API, a CQC API
stand-in), loads the fictional demo trusts if the table is empty, syncs the stand-in's CQC
documents, runs the nightly job once, and keeps serving until Ctrl-C.

  --as-of DATE   run the nightly job for this date (default: today in Europe/London)
  --once         stop after the run instead of serving
  --reset        start the demo afresh: delete the data folder (and its user pool) first
  --policy FILE  JSON policy overrides

Environment: DYNAMODB_PORT (8000), SES_PORT (8005), API_PORT (3000), CQC_API_PORT (8010), COGNITO_PORT (9229),
TABLE_NAME (trust-scheduler), LOCAL_DATA_DIR (.local/dynamodb). The commands it prints carry the ones
you gave, so a second terminal talks to this stack.`;

/** The variables this stack was started with that another terminal's commands need too. */
const STACK_VARIABLES = [
  ['DYNAMODB_PORT', LOCAL_DEFAULTS.dynamoPort],
  ['SES_PORT', LOCAL_DEFAULTS.sesPort],
  ['API_PORT', LOCAL_DEFAULTS.apiPort],
  ['CQC_API_PORT', LOCAL_DEFAULTS.cqcApiPort],
  ['COGNITO_PORT', LOCAL_DEFAULTS.cognitoPort],
  ['TABLE_NAME', LOCAL_DEFAULTS.tableName],
] as const;

/** `DYNAMODB_PORT=8100 API_PORT=3100 ` (the non-default ones given), or nothing. */
export function stackEnvPrefix(env: Record<string, string | undefined> = process.env): string {
  const given = STACK_VARIABLES.filter(([name, fallback]) => env[name] && env[name] !== String(fallback)).map(
    ([name]) => `${name}=${env[name]}`,
  );
  return given.length > 0 ? `${given.join(' ')} ` : '';
}

export async function startCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'as-of': { type: 'string' },
      once: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      policy: { type: 'string' },
    },
    strict: true,
  });
  const asOf = parseAsOf(values['as-of'], io.now);
  const ports = localPorts();
  const tableName = process.env.TABLE_NAME ?? LOCAL_DEFAULTS.tableName;
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR ?? '.local/dynamodb');
  if (values.reset) {
    // Not from under a running stack: take its lock first (refused, naming it, if one holds it).
    lockDataFolder(dataDir)();
    for (const dir of [dataDir, `${dataDir}-cognito`]) rmSync(dir, { recursive: true, force: true });
    io.stdout(
      `Reset: deleted ${path.relative(process.cwd(), dataDir) || dataDir} and its user pool; the demo starts afresh.`,
    );
  }
  const env = stackEnvPrefix();
  const { stack, cqcApi, userPool, users, run } = await startLocal({
    asOf,
    dataDir,
    dynamoPort: ports.dynamoPort,
    sesPort: ports.sesPort,
    apiPort: ports.apiPort,
    cqcApiPort: ports.cqcApiPort,
    cognitoPort: ports.cognitoPort,
    // Beside the table's data (.local/dynamodb-cognito), kept across restarts like it.
    userPoolDir: `${dataDir}-cognito`,
    tableName,
    policy: await readPolicyFile(values.policy),
    print: io.stdout,
  });
  io.stdout(describeRun(run));
  const sent = (await (await fetch(`${stack.ses.endpoint}/store`)).json()) as { emails: unknown[] };
  if (!values.once)
    io.stdout(
      [
        '',
        'Where to look:',
        `  Emails sent (SES local web page):  ${stack.ses.endpoint}/   (${sent.emails.length} so far; JSON at ${stack.ses.endpoint}/store)`,
        `  Web pages (sign in):               ${stack.api!.url}/   (as any user below)`,
        `  Planner API:                       ${stack.api!.url}/due-work   (also /tasks, /to-check, /trusts/{id}, /items/{id}, /forecast, /plan, /runs/latest; a token, below)`,
        `  DynamoDB endpoint:                 ${stack.dynamo.endpoint}  (table ${tableName})`,
        `  CQC API stand-in:                  ${cqcApi.baseUrl}  (CQC_API_KEY=${STAND_IN_API_KEY})`,
        `  User pool (cognito-local):         ${userPool.endpoint}  (password ${LOCAL_PASSWORD} for every user below)`,
        ...users.map((u) => `    ${u.email.padEnd(32)} ${u.role}`),
        `  A token for curl:                  ${env}npx trust-scheduler token --user planner@example.org`,
        '',
        'Try:',
        `  open ${stack.api!.url}/ and sign in as priya.shah@example.org: her trusts' due work, CSV and calendar`,
        `  TOKEN=$(${env}npx trust-scheduler token --user planner@example.org)`,
        `  curl -H "Authorization: Bearer $TOKEN" '${stack.api!.url}/due-work?within=90'`,
        `  a calendar feed address: ${stack.api!.url}/web/calendar`,
        '',
        'From another terminal, against this stack:',
        `  ${env}npm run cli -- due                                   # due work from the table`,
        `  ${env}npm run cli -- import test/fixtures/cqc-ratings/latest-ratings-oldham.csv`,
        `  ${env}npm run cli -- scan --as-of 2027-01-15               # a night ahead: what it tells is told,`,
        '                                                       # so nights after it tell less; npm start -- --reset starts afresh',
        `  ${env}CQC_API_BASE_URL=${cqcApi.baseUrl} CQC_API_KEY=${STAND_IN_API_KEY} npm run cli -- sync`,
      ].join('\n'),
    );
  if (stack.bus.deadLetters.length > 0)
    io.stderr(`warning: ${stack.bus.deadLetters.length} digest(s) could not be sent`);
  if (values.once) {
    await userPool.close();
    await cqcApi.close();
    await stack.close();
    io.stdout(
      `\nStopped (--once): the API and the SES page above are no longer served. ${sent.emails.length} email(s) were sent; the data stays in ${path.relative(process.cwd(), dataDir) || dataDir}. Run npm start to keep them serving.`,
    );
    return 0;
  }
  io.stdout(
    `\nServing. Press Ctrl-C to stop (the data stays in ${path.relative(process.cwd(), dataDir) || dataDir}).`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await userPool.close();
  await cqcApi.close();
  await stack.close();
  io.stdout('Stopped.');
  return 0;
}
