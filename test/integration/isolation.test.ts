import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { REJECTED } from '../support/fault-proxy.ts';
import { FALLBACK, HOLDER_A, HOLDER_B, nightTrusts } from '../support/night.ts';
import { backend, load, sentEmails, testStack, throughFaultProxy } from '../support/stack.ts';

/** No fault and no bad record stops the night for anyone else; each is named and counted. */
const ASOF = '2026-11-23';
let stack: LocalStack;
const saved = { ...process.env };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  process.env = { ...saved };
  for (const c of cleanups.splice(0)) await c();
  await stack?.close();
});

async function freshNight() {
  stack = await testStack({ fallbackRecipient: FALLBACK, apiPort: 0 });
  await load(stack, nightTrusts(ASOF), ASOF);
  return makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
}

describe(`failure isolation on ${backend()}`, () => {
  it('a trust whose due item cannot be written (over 400 KB) is named; every other digest is sent', async () => {
    const client = await freshNight();
    // Each record fits DynamoDB's 400 KB; the item that joins them does not.
    const big = 'x'.repeat(210_000);
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#TP',
          SK: 'PROFILE',
          type: 'trust',
          trustId: 'TP',
          name: big,
          sector: 'acute',
          region: 'London',
          relationshipHolder: null,
        },
      }),
    );
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#TP',
          SK: 'CS#TP1#Surgery',
          type: 'core-service',
          locationId: 'TP1',
          locationName: big,
          service: 'Surgery',
          rating: 'Inadequate',
          reportPublishedOn: '2025-01-01',
        },
      }),
    );
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run.status).toBe('succeeded');
    expect(run.problems).toEqual([
      { trustId: 'TP', record: 'TRUST#TP', reason: expect.stringMatching(/^could not be written: .*size/i) },
    ]);
    const to = (await sentEmails(stack)).map((e) => e.destination.to[0]).sort();
    expect(to).toEqual([HOLDER_A.email, HOLDER_B.email, FALLBACK].sort());
  });

  it('a stored record that stops parsing keeps its item, flagged, instead of silently dropping it', async () => {
    const client = await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const key = { PK: 'TRUST#TA', SK: 'ITEM#reinspection#TA#TA1#Surgery' };
    const before = (await client.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item!;
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#TA',
          SK: 'CS#TA1#Surgery',
          type: 'core-service',
          locationId: 'TA1',
          locationName: 'A Hospital',
          service: 'Surgery',
          rating: 'Brilliant',
          reportPublishedOn: '2025-01-01',
        },
      }),
    );
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run.problems.map((p) => [p.trustId, p.record])).toEqual([
      ['TA', 'TRUST#TA CS#TA1#Surgery'],
      ['TA', 'TRUST#TA'],
    ]);
    expect(run.problems[1]!.reason).toContain('1 item(s) kept as they were, flagged');
    const after = (await client.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item!;
    expect(after).toMatchObject({
      dueBy: before.dueBy,
      stage: before.stage,
      sourceProblem: 'a source record cannot be read',
    });
    const due = await fetch(`${stack.api!.url}/due-work?asOf=${ASOF}&within=90`);
    expect(((await due.json()) as { items: { itemId: string }[] }).items.map((i) => i.itemId)).toContain(
      'reinspection#TA#TA1#Surgery',
    );

    // Mended: evaluated again, the flag goes.
    await load(stack, nightTrusts(ASOF).slice(0, 1), ASOF);
    await stack.nightlyRun({ asOf: ASOF });
    const mended = (await client.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item!;
    expect(mended.sourceProblem).toBeUndefined();
  });

  it('nightly exits 4 naming the problem when a record is skipped, and when SES rejects a digest for good', async () => {
    const client = await freshNight();
    process.env.DYNAMODB_ENDPOINT = stack.dynamo.endpoint;
    process.env.SES_ENDPOINT = stack.ses.endpoint;
    process.env.TABLE_NAME = stack.tableName;
    process.env.FALLBACK_RECIPIENT = FALLBACK;
    const clean = await runCli(['nightly', '--as-of', ASOF]);
    expect(clean.code).toBe(0);

    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { PK: 'TRUST#TZ', SK: 'PROFILE', type: 'trust', trustId: 'TZ', sector: 'moon' },
      }),
    );
    const skipped = await runCli(['nightly', '--as-of', ASOF]);
    expect(skipped.code).toBe(4);
    expect(skipped.stdout).toContain('TRUST#TZ PROFILE: sector');
    expect(skipped.stderr).toContain('the run completed with 2 problem(s), named above');

    const { proxy } = await throughFaultProxy(stack, () => REJECTED);
    cleanups.push(proxy.close);
    process.env.SES_ENDPOINT = proxy.endpoint;
    const rejected = await runCli(['nightly', '--as-of', '2026-12-30']);
    expect(rejected.code).toBe(4);
    expect(rejected.stderr).toMatch(/\d+ digest\(s\) rejected by SES for good/);
  });
});
