import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../adapters/dynamodb/keys.ts';
import { ROUTES } from '../../api/routes/index.ts';
import { DIGEST_DETAIL_TYPE, DIGEST_SOURCE } from '../../domain/digest.ts';
import { DIGEST_EVENT } from '../../infra/app-stack.ts';
import { buildApp } from '../../infra/build.ts';
import { ConfigError } from '../../infra/config.ts';
import { PUBLIC_ROUTES } from '../../infra/constructs/planner-api.ts';
import { fakeCognitoKeys } from '../support/cognito-keys.ts';
import { nightTrusts } from '../support/night.ts';
import { ROOT } from '../support/paths.ts';
import { load, testStack } from '../support/stack.ts';

const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
const baseContext = cdkJson.context;
/** Synths that check something other than the bundles skip bundling (the first synth bundles). */
const noBundling = { ...baseContext, 'aws:cdk:bundling-stacks': [] };

let data: Template;
let app: Template;
let appJson: Record<string, any>;
let dataJson: Record<string, any>;

/** The first synth's output folder: the CLI synth reuses its staged bundles. */
let firstOut: string;
let cliSynth: Promise<{ stdout: string; stderr: string }>;

beforeAll(() => {
  firstOut = mkdtempSync(path.join(tmpdir(), 'cdk-'));
  const built = buildApp({ context: baseContext, outdir: firstOut });
  // Synth runs the cdk-nag packs: it throws on any finding not fixed or acknowledged.
  built.app.synth();
  data = Template.fromStack(built.stateful);
  app = Template.fromStack(built.application);
  appJson = app.toJSON();
  dataJson = data.toJSON();
  cliSynth = startCliSynth(firstOut);
}, 120_000);

/**
 * The synth an admin runs, as a real process with no AWS credentials, into the first synth's
 * folder: the bundles staged there are reused (same sources, same asset hash), so it checks the
 * command, not esbuild a second time. Started once the first synth is done, it runs while the
 * template tests below do; its test awaits it.
 */
function startCliSynth(out: string): Promise<{ stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')),
  );
  const home = mkdtempSync(path.join(tmpdir(), 'home-'));
  for (const f of readdirSync(out)) if (f.endsWith('.template.json')) rmSync(path.join(out, f));
  const run = promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '--output', out],
    { cwd: ROOT, env: { ...env, HOME: home, CDK_DISABLE_VERSION_CHECK: 'true', CI: 'true' } },
  );
  run.catch(() => {}); // reported by its test, not as an unhandled rejection
  return run;
}

function resources(template: Record<string, any>, type: string): [string, any][] {
  return Object.entries(template.Resources).filter(([, r]: [string, any]) => r.Type === type) as [
    string,
    any,
  ][];
}

/** Every action granted to a function's role, across its policies. */
function actionsOf(functionPrefix: string): { actions: Set<string>; statements: any[]; denies: any[] } {
  const [fnId, fn] = resources(appJson, 'AWS::Lambda::Function').find(([id]) =>
    id.startsWith(functionPrefix),
  )!;
  const roleRef = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = resources(appJson, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleRef))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  expect(statements.length, fnId).toBeGreaterThan(0);
  const allows = statements.filter((s) => s.Effect === 'Allow');
  return {
    actions: new Set(allows.flatMap((s) => [s.Action].flat())),
    statements: allows,
    denies: statements.filter((s) => s.Effect === 'Deny'),
  };
}

describe('stateful stack: the table', () => {
  it('is on-demand, encrypted, point-in-time recoverable, deletion-protected, retained, with TTL', () => {
    const [[, table]] = resources(dataJson, 'AWS::DynamoDB::GlobalTable') as [[string, any]];
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.Properties.Replicas[0]).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('has the keys and indexes the code uses (adapters/dynamodb/keys.ts)', () => {
    const [[, table]] = resources(dataJson, 'AWS::DynamoDB::GlobalTable') as [[string, any]];
    expect(table.Properties.KeySchema).toEqual(tableDefinition.KeySchema);
    expect(
      table.Properties.GlobalSecondaryIndexes.map((g: any) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    ).toEqual(tableDefinition.GlobalSecondaryIndexes);
  });

  it('keeps a user pool for sign-in: invitation only, the email as username, strong passwords, MFA for everyone, threat protection, retained, one group per role', () => {
    const [[id, pool]] = resources(dataJson, 'AWS::Cognito::UserPool') as [[string, any]];
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    expect(pool.Properties.AliasAttributes).toBeUndefined();
    expect(pool.Properties.UsernameAttributes).toBeUndefined();
    const groups = resources(dataJson, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual(['admins', 'holders', 'planners']);
    for (const g of groups) expect(g.UserPoolId).toEqual({ Ref: id });
  });

  it('signs people in through managed login: a public app client, authorization code with PKCE, hour-long access tokens, callbacks on the web address', () => {
    const [[, client]] = resources(appJson, 'AWS::Cognito::UserPoolClient') as [[string, any]];
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/auth/callback');
    expect(JSON.stringify(client.Properties.LogoutURLs)).toContain('/signed-out');
    // No password flows: a password is typed only into Cognito's own page.
    expect(client.Properties.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    app.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'cqc-trust-scheduler-dev' });
    const env = (prefix: string) =>
      resources(appJson, 'AWS::Lambda::Function').find(([fid]) => fid.startsWith(prefix))![1].Properties
        .Environment.Variables;
    expect(Object.keys(env('PlannerApiHandler'))).toEqual(
      expect.arrayContaining(['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'SIGN_IN_DOMAIN_URL', 'WEB_BASE_URL']),
    );
    expect(Object.keys(env('DigestsSend'))).toContain('WEB_BASE_URL');
  });

  it('has termination protection', () => {
    const built = buildApp({ context: noBundling, outdir: mkdtempSync(path.join(tmpdir(), 'cdk-')) });
    expect(built.stateful.terminationProtection).toBe(true);
    expect(built.application.terminationProtection).toBe(false);
  });
});

describe('application stack', () => {
  it('schedules the nightly run at 02:30 Europe/London, passing the scheduled time, with retries and a DLQ', () => {
    app.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: {
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyScheduleDlq'), 'Arn'] } },
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyRun'), 'Arn'] },
      },
    });
  });

  it('schedules the CQC API sync at 01:30 (the changes) and weekly (a full reconcile), before the nightly run, with retries and a DLQ', () => {
    for (const [expression, mode] of [
      ['cron(30 1 * * ? *)', 'incremental'],
      ['cron(0 23 ? * SAT *)', 'full'],
    ])
      app.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/London',
        Target: {
          Input: JSON.stringify({ mode, scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CqcSyncScheduleDlq'), 'Arn'] } },
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CqcSyncRun'), 'Arn'] },
        },
      });
    // The key lives in Secrets Manager (kept if the stack goes); the function is told only where.
    const [[secretId, secret]] = resources(appJson, 'AWS::SecretsManager::Secret') as [[string, any]];
    expect(secret.DeletionPolicy).toBe('Retain');
    const [, fn] = resources(appJson, 'AWS::Lambda::Function').find(([id]) => id.startsWith('CqcSyncRun'))!;
    expect(fn.Properties.Environment.Variables).toMatchObject({
      CQC_API_KEY_SECRET_ARN: { Ref: secretId },
      CQC_API_BASE_URL: 'https://api.service.cqc.org.uk/public/v1',
      CQC_API_REQUESTS_PER_MINUTE: '400',
      SYNC_MAX_RETIRE_SHARE: '0.2',
    });
    expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toMatch(/CQC_API_KEY"/);
    expect(fn.Properties.Timeout).toBe(900);
  });

  it('routes DueWorkDigest events from the custom bus to send-digest, with retries and a DLQ', () => {
    expect(DIGEST_EVENT).toEqual({ source: DIGEST_SOURCE, detailType: DIGEST_DETAIL_TYPE });
    app.resourceCountIs('AWS::Events::EventBus', 1);
    app.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^DigestsBus') },
      EventPattern: { source: [DIGEST_SOURCE], 'detail-type': [DIGEST_DETAIL_TYPE] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DigestsSend'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 43200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DigestsDigestDlq'), 'Arn'] } },
        }),
      ],
    });
  });

  it("puts Cognito's JWT authorizer on every route but sign-in, the pages, static files and feeds; logs access and throttles", () => {
    const routes = resources(appJson, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const [authorizerId, authorizer] = resources(appJson, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(resources(appJson, 'AWS::ApiGatewayV2::Authorizer')).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: expect.stringMatching(/^PlannerApiWebClient/) }],
        Issuer: { 'Fn::Join': ['', expect.arrayContaining([expect.stringContaining('cognito-idp.')])] },
      },
    });
    // The data routes, today's and any added later, are the $default route.
    const byKey = new Map(routes.map((r) => [r.RouteKey as string, r]));
    expect(byKey.get('$default')).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
    const open = routes.filter((r) => r.AuthorizationType !== 'JWT').map((r) => r.RouteKey as string);
    expect(open.sort()).toEqual(PUBLIC_ROUTES.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).sort());
    // None of them is a data route of the API.
    for (const route of ROUTES)
      expect(
        open.some((key) => key.endsWith(` ${route.path}`)),
        route.path,
      ).toBe(false);
    for (const r of routes) expect(r.AuthorizationType).toMatch(/^(JWT|NONE)$/);
    app.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('bundles four arm64 functions on Node.js 22 or newer with explicit memory, timeout, tracing and retained logs', () => {
    const fns = resources(appJson, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(4);
    for (const [id, fn] of fns) {
      expect(Number(fn.Properties.Runtime.match(/^nodejs(\d+)\.x$/)?.[1]), id).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.MemorySize).toEqual(expect.any(Number));
      expect(fn.Properties.Timeout).toEqual(expect.any(Number));
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const [, lg] of resources(appJson, 'AWS::Logs::LogGroup'))
      expect(lg.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('lets no function change or delete a record of what people did with an item', () => {
    for (const prefix of ['NightlyRun', 'DigestsSend', 'PlannerApiHandler', 'CqcSyncRun']) {
      const { denies } = actionsOf(prefix);
      // The planner API records actions: it may put one (the store's write is conditional).
      const put = prefix === 'PlannerApiHandler' ? [] : ['dynamodb:PutItem'];
      expect(denies, prefix).toEqual([
        {
          Effect: 'Deny',
          Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', ...put, 'dynamodb:UpdateItem'],
          Resource: expect.anything(),
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['ACTIONS#*'] } },
        },
      ]);
    }
  });

  it('gives each function exactly the permissions its job needs', () => {
    const common = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ];
    /** The nightly job and the sync read the whole table and write trust partitions. */
    const readsAndWrites = [
      'dynamodb:Scan',
      'dynamodb:Query',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    const nightly = actionsOf('NightlyRun');
    expect([...nightly.actions].sort()).toEqual(
      [...common, ...readsAndWrites, 'events:PutEvents', 'sqs:SendMessage'].sort(),
    );
    const send = actionsOf('DigestsSend');
    expect([...send.actions].sort()).toEqual(
      [...common, 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail', 'sqs:SendMessage'].sort(),
    );
    const api = actionsOf('PlannerApiHandler');
    expect([...api.actions].sort()).toEqual(
      [
        ...common,
        'dynamodb:GetItem',
        'dynamodb:Query',
        // Its only writes: calendar feeds and action records (by key), an item's state (by attribute).
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
        // Who a user is now, and sign-out everywhere.
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminListGroupsForUser',
        'cognito-idp:AdminUserGlobalSignOut',
        // The users page (admins): list, invite, change a role, remove.
        'cognito-idp:ListUsers',
        'cognito-idp:ListUsersInGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminRemoveUserFromGroup',
        'cognito-idp:AdminDeleteUser',
      ].sort(),
    );
    const feedWrites = api.statements.find((st) => [st.Action].flat().includes('dynamodb:PutItem'));
    expect(feedWrites.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FEED#*', 'USER#*', 'ACTIONS#*', 'REVOKED#*'] },
    });
    const stateWrites = api.statements.find((st) => [st.Action].flat().includes('dynamodb:UpdateItem'));
    expect(stateWrites.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TRUST#*'] },
      // An item's state, and the two profile fields an admin changes: its holder, a check.
      'ForAllValues:StringEquals': {
        'dynamodb:Attributes': ['PK', 'SK', 'itemState', 'relationshipHolder', 'checked'],
      },
    });
    const sync = actionsOf('CqcSyncRun');
    expect([...sync.actions].sort()).toEqual(
      [
        ...common,
        ...readsAndWrites,
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'sqs:SendMessage',
      ].sort(),
    );
    const syncWrite = sync.statements.find((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(syncWrite.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TRUST#*', 'SYNC', 'META'] },
    });
    const secretRead = sync.statements.find((s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(secretRead.Resource).toEqual({ Ref: expect.stringMatching(/^CqcSyncApiKey/) });

    // Writes are confined to the partitions each function owns.
    const nightlyWrite = nightly.statements.find((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(nightlyWrite.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TRUST#*', 'RUN', 'META'] },
    });
    const sendWrites = send.statements.filter((s) => [s.Action].flat().includes('dynamodb:UpdateItem'));
    expect(sendWrites.map((s) => s.Condition)).toEqual([
      // Its ledger, whole.
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIGEST#*'] } },
      // Trust items and trusts to check: only their delivery state.
      {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TRUST#*'] },
        'ForAllValues:StringEquals': {
          'dynamodb:Attributes': ['PK', 'SK', 'told', 'stage', 'assessment'],
        },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
      },
    ]);
    expect([sendWrites[1].Action].flat()).toEqual(['dynamodb:UpdateItem']);
    const ses = send.statements.find((s) => [s.Action].flat().includes('ses:SendEmail'));
    expect(ses.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': baseContext.trustScheduler.senderAddress },
    });
    expect(JSON.stringify(ses.Resource)).toContain(':identity/');

    // No "*" resource but X-Ray's, which has no resource-level permissions.
    for (const { statements } of [nightly, send, api, sync]) {
      for (const s of statements) {
        if ([s.Resource].flat().includes('*'))
          expect([s.Action].flat().every((a: string) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });

  it('encrypts both admin topics with a rotated key that CloudWatch and SES may publish with', () => {
    const topics = resources(appJson, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(2);
    for (const [, t] of topics)
      expect(t.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^TopicKey/), 'Arn'],
      });
    const [[, key]] = resources(appJson, 'AWS::KMS::Key') as [[string, any]];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const services = key.Properties.KeyPolicy.Statement.flatMap((s: any) =>
      [s.Principal?.Service ?? []].flat(),
    );
    expect(services.sort()).toEqual(['cloudwatch.amazonaws.com', 'ses.amazonaws.com']);
  });

  it('sends email from one SES identity with a configuration set publishing bounces and complaints', () => {
    app.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: baseContext.trustScheduler.senderAddress,
    });
    app.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^SesEventsTopic') } },
      }),
    });
  });

  it('alarms to the admin topic on function errors, DLQ messages, a missing nightly run or sync, run and sync problems, a refused CQC API key, a held mass retirement, rejected digests and the SES bounce rate', () => {
    app.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: baseContext.trustScheduler.alarmEmail,
    });
    const alarms = resources(appJson, 'AWS::CloudWatch::Alarm');
    const byMetric = (name: string) => alarms.filter(([, a]) => a.Properties.MetricName === name);
    expect(byMetric('Errors')).toHaveLength(4);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    const [[, noSync]] = byMetric('SyncSucceeded') as [[string, any]];
    expect(noSync.Properties).toMatchObject({
      Period: 7200,
      EvaluationPeriods: 25,
      TreatMissingData: 'breaching',
    });
    const [[, noRun]] = byMetric('NightlyRunSucceeded') as [[string, any]];
    expect(noRun.Properties).toMatchObject({
      Namespace: 'TrustScheduler',
      Dimensions: [{ Name: 'service', Value: 'trust-scheduler' }],
      Period: 7200,
      EvaluationPeriods: 13,
      DatapointsToAlarm: 13,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(byMetric('Reputation.BounceRate')).toHaveLength(1);
    for (const metric of [
      'RunProblems',
      'DigestsRejected',
      'SyncProblems',
      'SyncKeyRefused',
      'SyncRetireHeld',
    ])
      expect(byMetric(metric)[0]![1].Properties).toMatchObject({
        Namespace: 'TrustScheduler',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    for (const [, a] of alarms)
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
  });

  it('matches the snapshot (asset hashes normalised, so it changes only when the infrastructure does)', () => {
    const normalise = (t: unknown) =>
      JSON.parse(
        JSON.stringify(t).replace(
          /[a-f0-9]{64}(\.zip|\.json)?/g,
          (_m, ext: string | undefined) => `[HASH]${ext ?? ''}`,
        ),
      );
    expect({ data: normalise(dataJson), app: normalise(appJson) }).toMatchSnapshot();
  });
});

describe('the bundles as deployed', () => {
  it('the planner bundle answers JSON, CSV (its formats.mjs beside it), a plan (HiGHS beside it) and its OpenAPI document', async () => {
    const planner =
      appJson.Resources[
        resources(appJson, 'AWS::Lambda::Function').find(([id]) => id.startsWith('PlannerApiHandler'))![0]
      ];
    const assetDir = path.join(
      firstOut,
      `asset.${String(planner.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
    );
    expect(readdirSync(assetDir).sort()).toEqual(
      [
        'formats.mjs',
        'formats.mjs.map',
        'govuk-frontend.min.css',
        'highs.wasm',
        'index.mjs',
        'index.mjs.map',
        'openapi.json',
        'pages.mjs',
        'pages.mjs.map',
        'planner.mjs',
        'planner.mjs.map',
        'users.mjs',
        'users.mjs.map',
        'web.mjs',
        'web.mjs.map',
      ].sort(),
    );
    const stack = await testStack();
    const saved = { ...process.env };
    const keys = await fakeCognitoKeys('eu-west-2', 'eu-west-2_Bundle1');
    keys.users.set('planner@example.org', { groups: ['planners'], enabled: true });
    try {
      await load(stack, nightTrusts('2026-11-23'), '2026-11-23');
      Object.assign(process.env, {
        USER_POOL_ID: 'eu-west-2_Bundle1',
        USER_POOL_CLIENT_ID: 'web-client',
        AWS_REGION: 'eu-west-2',
        SIGN_IN_DOMAIN_URL: 'https://cqc-trust-scheduler-test.auth.eu-west-2.amazoncognito.com',
        WEB_BASE_URL: 'https://scheduler.example.org',
        TABLE_NAME: stack.tableName,
        DYNAMODB_ENDPOINT: stack.dynamo.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      });
      const { handler } = await import(path.join(assetDir, 'index.mjs'));
      const call = (rawPath: string, query: Record<string, string>) =>
        handler(
          {
            version: '2.0',
            rawPath,
            rawQueryString: new URLSearchParams(query).toString(),
            queryStringParameters: query,
            headers: {
              authorization: `Bearer ${keys.sign({ clientId: 'web-client', username: 'planner@example.org', groups: ['planners'] })}`,
            },
            requestContext: { http: { method: 'GET', path: rawPath }, requestId: 'r' },
            isBase64Encoded: false,
          },
          { functionName: 'planner', awsRequestId: 'r', getRemainingTimeInMillis: () => 20_000 },
        );
      const csv = await call('/due-work', { asOf: '2026-11-23', format: 'csv' });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toMatch(
        /^dueBy,daysRemaining,status,bookedFor,deferredUntil,waiverReason,acknowledgedBy,stage,kind,trustId/,
      );
      expect(csv.body).toContain('reinspection#TA#TA1#Surgery');
      // The plan: planner.mjs loads HiGHS's WebAssembly from beside it.
      const plan = await call('/plan', { asOf: '2026-11-23', weeks: '12' });
      expect(plan.statusCode).toBe(200);
      const body = JSON.parse(plan.body);
      expect(body.solver).toMatchObject({ name: 'HiGHS', optimal: true });
      expect(body.visits.length).toBeGreaterThan(0);
      const doc = await call('/openapi.json', {});
      expect(JSON.parse(doc.body).openapi).toBe('3.0.3');
      // The pages: their stylesheet and pages.mjs beside the bundle; sign-in through managed login.
      const css = await call('/assets/app.css', {});
      expect(css.body).toContain('.govuk-table');
      expect(css.body).not.toContain('GDS Transport');
      expect((await call('/signed-out', {})).body).toContain('You have signed out');
      const signIn = await call('/sign-in', {});
      expect(signIn.statusCode).toBe(303);
      const to = new URL(signIn.headers.location);
      expect(to.origin).toBe('https://cqc-trust-scheduler-test.auth.eu-west-2.amazoncognito.com');
      expect(to.searchParams.get('redirect_uri')).toBe('https://scheduler.example.org/auth/callback');
      expect(to.searchParams.get('code_challenge_method')).toBe('S256');
      expect(signIn.cookies.join()).toMatch(/__Host-sign-in=.*HttpOnly; Secure; SameSite=Lax/);
    } finally {
      process.env = saved;
      await keys.close();
      await stack.close();
    }
  });
});

describe('cdk-nag', () => {
  it('fails synth on a finding that is neither fixed nor acknowledged', () => {
    const built = buildApp({ context: noBundling, outdir: mkdtempSync(path.join(tmpdir(), 'cdk-')) });
    new Queue(built.application as Stack, 'CarelessQueue', {});
    expect(() => built.app.synth()).toThrow(/AwsSolutions-SQS[34]/);
  }, 120_000);
});

describe('deployment configuration', () => {
  it.each([
    [{ senderAddress: 'nope' }, 'trustScheduler.senderAddress: expected an email address'],
    [{ scheduleTimeZone: 'Mars/Olympus' }, 'trustScheduler.scheduleTimeZone'],
    [{ scheduleExpression: '02:30 daily' }, 'trustScheduler.scheduleExpression'],
    [{ scanSegments: 0 }, 'trustScheduler.scanSegments'],
    [
      { alertWindows: { report: { dueSoonDays: 'soon', urgentDays: 7 } } },
      'trustScheduler.alertWindows.report.dueSoonDays',
    ],
    [{ colour: 'blue' }, 'trustScheduler.colour: unknown configuration key'],
    [
      { planning: { capacity: -1 } },
      'trustScheduler.planning: capacity: Too small: expected number to be >=0',
    ],
    [{ planning: { groupWeeks: 'twelve' } }, 'trustScheduler.planning: groupWeeks'],
  ])('fails synth naming the key (%j)', (override, message) => {
    const context = { ...baseContext, trustScheduler: { ...baseContext.trustScheduler, ...override } };
    expect(() => buildApp({ context })).toThrow(ConfigError);
    expect(() => buildApp({ context })).toThrow(message);
  });

  it("accepts the configuration as a JSON string, as `cdk deploy -c trustScheduler='{…}'` passes it", () => {
    const context = {
      ...noBundling,
      trustScheduler: JSON.stringify({ ...baseContext.trustScheduler, environmentName: 'prod' }),
    };
    expect(buildApp({ context }).config.environmentName).toBe('prod');
    expect(() => buildApp({ context: { ...baseContext, trustScheduler: '{"environmentName":' } })).toThrow(
      'trustScheduler: not valid JSON',
    );
  });

  it('-c trustScheduler=… overrides cdk.json key by key, and every bad field is listed at once', () => {
    const partial = buildApp({ context: { ...noBundling, trustScheduler: '{"environmentName":"prod"}' } });
    expect(partial.config).toMatchObject({
      environmentName: 'prod',
      senderAddress: baseContext.trustScheduler.senderAddress,
      region: 'eu-west-2',
    });
    expect(partial.application.region).toBe('eu-west-2');
    let message = '';
    try {
      buildApp({
        context: {
          ...noBundling,
          trustScheduler: { senderAddress: 'nope', scanSegments: 0, colour: 'blue' },
        },
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('trustScheduler.senderAddress: expected an email address');
    expect(message).toContain('trustScheduler.scanSegments: must be at least 1');
    expect(message).toContain('trustScheduler.colour: unknown configuration key');
  });

  it('npm run synth works offline with no AWS credentials', async () => {
    const { stdout, stderr } = await cliSynth;
    expect(`${stdout}${stderr}`).not.toMatch(/error/i);
    expect(`${stdout}${stderr}`).not.toContain('Bundling asset');
    const files = readdirSync(firstOut);
    expect(files).toEqual(
      expect.arrayContaining([
        'TrustScheduler-dev-Data.template.json',
        'TrustScheduler-dev-App.template.json',
      ]),
    );
  }, 180_000);
});
