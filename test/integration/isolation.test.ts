import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import type { DigestDetail } from '../../domain/digest.ts';
import { itemIdOf } from '../../domain/due-item.ts';
import { evaluate } from '../../domain/evaluate.ts';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { LocalStack } from '../../local/stack.ts';
import { importTrusts } from '../../use-cases/import-trusts.ts';
import { runCli } from '../support/cli.ts';
import { REJECTED } from '../support/fault-proxy.ts';
import { FALLBACK, HOLDER_A, HOLDER_B, nightTrusts } from '../support/night.ts';
import { apiFetch, backend, load, sentEmails, testStack, throughFaultProxy } from '../support/stack.ts';

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
  it('stored records over the limits are named (trust, record, field) and passed over; every other digest is sent', async () => {
    const client = await freshNight();
    // Each record fits DynamoDB's 400 KB, and the item joining them would not: the limits stop
    // them at the parse, before anything is derived from them.
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
    expect(run.problems).toEqual(
      expect.arrayContaining([
        { trustId: 'TP', record: 'TRUST#TP PROFILE', reason: 'name: at most 300 characters' },
        { trustId: 'TP', record: 'TRUST#TP CS#TP1#Surgery', reason: 'locationName: at most 300 characters' },
      ]),
    );
    const to = (await sentEmails(stack)).map((e) => e.destination.to[0]).sort();
    expect(to).toEqual([HOLDER_A.email, HOLDER_B.email, FALLBACK].sort());
  });

  it('a trust whose writes DynamoDB refuses is named and passed over; every other digest is sent', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    // The records only, so the night writes every item.
    for (const t of nightTrusts(ASOF)) await stack.repos.trustRecords.upsert(t, null, { dryRun: false });
    const refused = Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
      name: 'ValidationException',
    });
    const run = await stack.makeNightlyRun({
      dueItems: {
        ...stack.repos.dueItems,
        save: (itemId, item, ...rest) =>
          item.trustId === 'TB' ? Promise.reject(refused) : stack.repos.dueItems.save(itemId, item, ...rest),
        dropUnsourced: (...a) => stack.repos.dueItems.dropUnsourced(...a),
        close: (...a) => stack.repos.dueItems.close(...a),
        flag: (...a) => stack.repos.dueItems.flag(...a),
        readMonths: () => stack.repos.dueItems.readMonths(),
        saveMonths: (...a) => stack.repos.dueItems.saveMonths(...a),
        addMonths: (...a) => stack.repos.dueItems.addMonths(...a),
        saveToCheck: (...a) => stack.repos.dueItems.saveToCheck(...a),
        closeToCheck: (...a) => stack.repos.dueItems.closeToCheck(...a),
      },
    })({ asOf: ASOF });
    expect(run.status).toBe('succeeded');
    expect(run.problems).toEqual([
      {
        trustId: 'TB',
        record: 'TRUST#TB',
        reason: 'could not be written: Item size has exceeded the maximum allowed size',
      },
    ]);
    // B's items were never written, so B's digest has nothing it can claim: nobody else is held up.
    const to = (await sentEmails(stack)).map((e) => e.destination.to[0]).sort();
    expect(to).toEqual([HOLDER_A.email, FALLBACK].sort());
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
    const due = await apiFetch(stack, `/due-work?asOf=${ASOF}&within=90`);
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

describe(`import on ${backend()}`, () => {
  it('an import interrupted by a fault part-way is completed by running the same import again', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    const trusts = nightTrusts(ASOF);
    const options = { asOf: ASOF, policy: DEFAULT_POLICY, concurrency: 1 };
    let saves = 0;
    const faulty = {
      trusts: stack.repos.trustRecords,
      dueItems: Object.assign(Object.create(stack.repos.dueItems), {
        // The connection drops after the first trust's records and one of its items are written.
        save: (...a: Parameters<typeof stack.repos.dueItems.save>) => {
          if (++saves === 2) return Promise.reject(new Error('socket hang up (injected)'));
          return stack.repos.dueItems.save(...a);
        },
      }),
    };
    await expect(importTrusts(faulty, trusts, options)).rejects.toThrow('injected');
    const half = await stack.repos.trustRecords.readAll({ segments: 1 });
    expect(half.trusts.map((t) => [t.trustId, t.items.size])).toEqual([['TA', 1]]);

    await importTrusts({ trusts: stack.repos.trustRecords, dueItems: stack.repos.dueItems }, trusts, options);
    const whole = await stack.repos.trustRecords.readAll({ segments: 1 });
    const expected = evaluate(trusts, ASOF, DEFAULT_POLICY).items.map(itemIdOf).sort();
    expect(whole.trusts.flatMap((t) => [...t.items.keys()]).sort()).toEqual(expected);
    expect(whole.trusts.map((t) => t.trust)).toEqual(
      expect.arrayContaining(
        trusts.map((t) => expect.objectContaining({ trustId: t.trustId, name: t.name })),
      ),
    );
  });
});

describe(`the largest records the limits allow, on ${backend()}`, () => {
  it('import, run and email without reaching a DynamoDB or EventBridge limit', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    // Every text at its limit in 3-byte UTF-8 characters; every id at 64 characters.
    const text = (n: number, prefix = '') => prefix + '€'.repeat(n - prefix.length);
    const id = (c: string) => c.repeat(64);
    const email = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.org`;
    const trust: TrustRecord = {
      trustId: id('T'),
      name: text(300),
      sector: 'acute',
      region: text(300),
      relationshipHolder: { name: text(300), email },
      coreServices: Array.from({ length: 120 }, (_, i) => ({
        locationId: `${i}`.padEnd(64, 'L'),
        locationName: text(300),
        service: text(150, `${i}`),
        rating: 'Inadequate' as const,
        reportPublishedOn: '2024-01-15',
      })),
      wellLedInspections: [{ inspectionId: id('W'), startedOn: '2026-09-01', reportPublishedOn: null }],
      providerInformationRequests: [{ requestId: id('P'), issuedOn: '2026-10-01', planningMeetingOn: null }],
    };
    expect(email.length).toBeLessThanOrEqual(254);
    await load(stack, [trust], ASOF);
    const published: DigestDetail[] = [];
    const run = await stack.makeNightlyRun({ bus: { publish: async (d) => void published.push(...d) } })({
      asOf: ASOF,
    });
    expect(run).toMatchObject({ status: 'succeeded', problemCount: 0, items: 125 });
    // Split by size: each event well inside EventBridge's 256 KB.
    expect(published.length).toBeGreaterThan(1);
    for (const d of published) expect(Buffer.byteLength(JSON.stringify(d))).toBeLessThan(256 * 1024);
    for (const d of published)
      expect(await stack.sendDigest({ detail: d })).toMatchObject({ status: 'sent' });
    expect(await sentEmails(stack)).toHaveLength(published.length);
  });
});

describe(`the planner API on ${backend()}`, () => {
  it('GET /tasks passes over a task row that does not parse, and answers with the rest', async () => {
    const client = await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#TB',
          SK: 'TASK#X',
          type: 'task',
          GSI2PK: 'TASK#open',
          GSI2SK: '2026-12-01#TB#X',
          trustId: 'TB',
        },
      }),
    );
    const res = await apiFetch(stack, `/tasks?status=open`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tasks: { trustId: string; inspectionId: string }[] };
    expect(body.tasks.map((t) => `${t.trustId}/${t.inspectionId}`)).toEqual(['TA/WL-A']);
  });
});

describe(`Use of Resources assessments on ${backend()}`, () => {
  it('are stored with their trust, read back by the nightly job, and raise their yearly item', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    const [ta] = nightTrusts(ASOF);
    const uor = [{ assessmentId: 'UOR-2025-12-01', reportPublishedOn: '2025-12-01', rating: 'Good' }];
    await load(stack, [{ ...ta!, useOfResources: uor }], ASOF);
    const stored = await stack.repos.trustRecords.read('TA');
    expect(stored.trust?.useOfResources).toEqual(uor);
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run.itemsByKindAndStage['use-of-resources']).toEqual({
      scheduled: 0,
      'due-soon': 0,
      urgent: 1,
      overdue: 0,
    });
    const email = (await sentEmails(stack)).find((e) => e.destination.to[0] === HOLDER_A.email)!;
    expect(email.body.text).toContain(
      'Next Use of Resources assessment, before the next well-led inspection\n  Trust A (TA) · The last Use of Resources report, UOR-2025-12-01, was published 1 December 2025\n  Due by 1 December 2026, 8 days left',
    );
  });
});
