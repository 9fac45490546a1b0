import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toApiGatewayEvent } from '../../local/http.ts';
import type { LocalStack } from '../../local/stack.ts';
import { fakeCognitoKeys } from '../support/cognito-keys.ts';
import { STAND_IN_KEY, standIn } from '../support/cqc-stand-in.ts';
import { FALLBACK, nightTrusts } from '../support/night.ts';
import { load, sentEmails, testStack } from '../support/stack.ts';

/**
 * The files Lambda loads (functions/<name>/handler.ts): configured from the environment, wired
 * at module scope, wrapped in middy. Run here against the local stack; EventBridge, which has
 * no emulator, is mocked at the SDK.
 */
let stack: LocalStack;
const saved = { ...process.env };
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
const eventBridge = mockClient(EventBridgeClient);

beforeAll(async () => {
  stack = await testStack();
  await load(stack, nightTrusts('2026-11-23'), '2026-11-23');
  Object.assign(process.env, {
    TABLE_NAME: stack.tableName,
    DYNAMODB_ENDPOINT: stack.dynamo.endpoint,
    SES_ENDPOINT: stack.ses.endpoint,
    EVENT_BUS_NAME: 'trust-scheduler-bus',
    FALLBACK_RECIPIENT: FALLBACK,
    SENDER_ADDRESS: 'scheduler@example.org',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});
afterAll(async () => {
  process.env = { ...saved };
  eventBridge.restore();
  await stack.close();
});

describe('Lambda handlers', () => {
  it('nightly-scan: runs for the scheduled time and publishes the digests to the bus', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    vi.resetModules();
    const { handler } = await import('../../functions/nightly-run/handler.ts');
    const result = await handler({ scheduledTime: '2026-11-23T02:30:00Z' }, context);
    expect(result).toMatchObject({
      runId: '2026-11-23T02:30:00.000Z',
      asOf: '2026-11-23',
      status: 'succeeded',
      digestsPublished: 3,
      problemCount: 0,
    });
    const entries = eventBridge.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries).toHaveLength(3);
    expect(
      entries.every(
        (e) =>
          e.EventBusName === 'trust-scheduler-bus' &&
          e.DetailType === 'DueWorkDigest' &&
          e.Source === 'cqc.trust-scheduler',
      ),
    ).toBe(true);

    // send-digest: the same events, as the rule delivers them, send the emails once.
    const { handler: sendDigest } = await import('../../functions/send-digest/handler.ts');
    for (const entry of entries) {
      const event = {
        id: 'e',
        source: entry.Source,
        'detail-type': entry.DetailType,
        detail: JSON.parse(entry.Detail!),
      };
      expect(await sendDigest(event, context)).toMatchObject({ status: 'sent' });
      expect(await sendDigest(event, context)).toEqual({ status: 'duplicate' });
    }
    expect(await sentEmails(stack)).toHaveLength(3);
  });

  it('nightly-scan: rejects an invocation without a scheduled time', async () => {
    vi.resetModules();
    const { handler } = await import('../../functions/nightly-run/handler.ts');
    await expect(handler({}, context)).rejects.toThrow('the run needs a scheduledTime');
  });

  it("planner-api: checks the Cognito access token as deployed, then answers by the user's role", async () => {
    const keys = await fakeCognitoKeys('eu-west-2', 'eu-west-2_Test1');
    Object.assign(process.env, {
      USER_POOL_ID: 'eu-west-2_Test1',
      USER_POOL_CLIENT_ID: 'web-client',
      AWS_REGION: 'eu-west-2',
    });
    // Who each user is now, as the stand-in Cognito answers AdminGetUser and AdminListGroupsForUser.
    keys.users.set('planner@example.org', { groups: ['planners'], enabled: true });
    keys.users.set('nobody@example.org', { groups: ['holders'], enabled: true });
    try {
      vi.resetModules();
      const { handler } = await import('../../functions/planner-api/handler.ts');
      const { Readable } = await import('node:stream');
      const call = async (url: string, token?: string) => {
        const req = Object.assign(Readable.from([]), {
          url,
          method: 'GET',
          headers: { host: 'x', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          httpVersion: '1.1',
          socket: {},
        });
        return handler(toApiGatewayEvent(req as never, Buffer.alloc(0)), context);
      };
      const planner = keys.sign({
        clientId: 'web-client',
        username: 'planner@example.org',
        groups: ['planners'],
      });
      const result = await call('/due-work?asOf=2026-11-23&trustId=TA', planner);
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body!).items.map((i: { itemId: string }) => i.itemId)).toContain(
        'reinspection#TA#TA1#Surgery',
      );
      expect((await call('/due-work?asOf=2026-11-23')).statusCode).toBe(401);
      const refused = [
        keys.sign({ clientId: 'another-client', username: 'planner@example.org', groups: ['planners'] }),
        keys.sign({ clientId: 'web-client', username: 'planner@example.org', groups: [] }),
        keys.sign({
          clientId: 'web-client',
          username: 'planner@example.org',
          groups: ['planners'],
          expiresInSeconds: -60,
        }),
        // A token that never expires, or whose groups are not a list: not one Cognito made (finding 9).
        keys.sign({
          clientId: 'web-client',
          username: 'planner@example.org',
          groups: ['planners'],
          extra: { exp: undefined },
        }),
        keys.sign({
          clientId: 'web-client',
          username: 'planner@example.org',
          groups: [],
          extra: { 'cognito:groups': 'planners' },
        }),
        keys.sign({
          clientId: 'web-client',
          username: 'planner@example.org',
          groups: ['planners'],
          extra: { jti: undefined },
        }),
      ];
      for (const token of refused) expect((await call('/due-work', token)).statusCode).toBe(401);
      const holder = keys.sign({
        clientId: 'web-client',
        username: 'nobody@example.org',
        groups: ['holders'],
      });
      expect(JSON.parse((await call('/due-work?asOf=2026-11-23&within=3650', holder)).body!).items).toEqual(
        [],
      );
      expect((await call('/runs/latest', planner)).statusCode).toBe(403);
      // A good token of someone Cognito no longer has (removed): refused, whatever its groups say.
      const gone = keys.sign({ clientId: 'web-client', username: 'gone@example.org', groups: ['planners'] });
      const refusedGone = await call('/due-work?asOf=2026-11-23', gone);
      expect(refusedGone.statusCode).toBe(401);
      expect(JSON.parse(refusedGone.body!).error.message).toContain('your access has ended');
    } finally {
      await keys.close();
    }
  });

  it('cqc-sync: reads the key from Secrets Manager and syncs from the CQC API, its run summary returned', async () => {
    const api = await standIn();
    const secrets = mockClient(SecretsManagerClient);
    const secretArn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:cqc-api-key-AbCdEf';
    secrets.on(GetSecretValueCommand, { SecretId: secretArn }).resolves({ SecretString: STAND_IN_KEY });
    Object.assign(process.env, { CQC_API_BASE_URL: api.baseUrl, CQC_API_KEY_SECRET_ARN: secretArn });
    try {
      vi.resetModules();
      const { handler } = await import('../../functions/cqc-sync/handler.ts');
      const long = { ...context, getRemainingTimeInMillis: () => 900_000 } as Context;
      const result = await handler({ mode: 'full', scheduledTime: '2026-11-22T23:00:00Z' }, long);
      // The four CQC providers, and the three stored trusts the API does not know (404: named, kept).
      expect(result).toMatchObject({
        mode: 'full',
        status: 'completed-with-problems',
        providersChecked: 7,
        problemCount: 3,
      });
      expect(JSON.stringify(result)).not.toContain(STAND_IN_KEY);
      expect((await stack.repos.trustRecords.locations()).get('RZZ')).toEqual(new Set(['RZZ']));
      // Run again at once: the secret is cached, not fetched per invocation.
      await handler({ mode: 'incremental' }, long);
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    } finally {
      secrets.restore();
      await api.close();
    }
  });

  it('a missing or bad environment variable fails the cold start, naming it', async () => {
    vi.resetModules();
    const table = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      await expect(import('../../functions/planner-api/handler.ts')).rejects.toThrow(
        'environment variable TABLE_NAME',
      );
    } finally {
      process.env.TABLE_NAME = table;
    }
  });
});
