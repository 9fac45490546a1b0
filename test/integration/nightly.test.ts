import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { addDays } from '../../domain/calendar.ts';
import type { LocalStack } from '../../local/stack.ts';
import { REJECTED, THROTTLED, UNAVAILABLE } from '../support/fault-proxy.ts';
import { FALLBACK, HOLDER_A, HOLDER_B, nightTrusts } from '../support/night.ts';
import { backend, load, type SentEmail, sentEmails, testStack, throughFaultProxy } from '../support/stack.ts';

const ASOF = '2026-11-23';
let stack: LocalStack;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await stack?.close();
});

async function freshNight() {
  stack = await testStack({ fallbackRecipient: FALLBACK });
  await load(stack, nightTrusts(ASOF), ASOF);
  return stack;
}

function recipients(emails: SentEmail[]): string[] {
  return emails.map((e) => e.destination.to.join(',')).sort();
}

const EXPECTED_RECIPIENTS = [HOLDER_A.email, HOLDER_B.email, FALLBACK].sort();

describe(`the nightly job on ${backend()}`, () => {
  it('emails each recipient one digest of what is new, and raises one task per report approaching its deadline', async () => {
    await freshNight();
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run).toMatchObject({
      status: 'succeeded',
      trusts: 3,
      digestsPublished: 3,
      digestItems: 5,
      tasksRaised: 1,
      problemCount: 0,
    });

    const emails = await sentEmails(stack);
    expect(recipients(emails)).toEqual(EXPECTED_RECIPIENTS);
    const toA = emails.find((e) => e.destination.to[0] === HOLDER_A.email)!;
    expect(toA.subject).toBe('1 overdue, 1 due soon — Trust A');
    expect(toA.body.text).toContain('Dear Alex Holder,');
    expect(toA.body.text).toContain(
      'Re-inspect Surgery at A Hospital\n  Trust A (TA) · Rated Inadequate in the report published 13 November 2025\n  Due by 13 November 2026, 10 days overdue',
    );
    expect(toA.body.text).toContain('Publish the report of well-led inspection WL-A');
    expect(toA.body.html).toContain('>Overdue (1)</h2>');
    const toB = emails.find((e) => e.destination.to[0] === HOLDER_B.email)!;
    expect(toB.subject).toBe('2 urgent — Trust B');
    const toFallback = emails.find((e) => e.destination.to[0] === FALLBACK)!;
    expect(toFallback.body.text).toContain('no relationship holder');
    expect(toFallback.body.text).toContain('Trust C (TC)');

    const tasks = await stack.repos.tasks.list('open');
    expect(tasks.map((t) => [t.trustId, t.inspectionId, t.status])).toEqual([['TA', 'WL-A', 'open']]);
    expect(tasks[0]!.title).toBe('Publish the well-led report for Trust A (inspection WL-A)');
  });

  it('running twice for the same date sends each digest once, creates each task once and writes nothing more', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const second = await stack.nightlyRun({ asOf: ASOF });
    expect(second).toMatchObject({ status: 'succeeded', digestsPublished: 0, tasksRaised: 0, dataWrites: 0 });
    expect(recipients(await sentEmails(stack))).toEqual(EXPECTED_RECIPIENTS);
    expect(await stack.repos.tasks.list('open')).toHaveLength(1);
  });

  it('a redelivered digest event sends nothing', async () => {
    await freshNight();
    const published: unknown[] = [];
    const capture = stack.makeNightlyRun({
      bus: { publish: async (digests) => void published.push(...digests) },
      segments: 2,
    });
    await capture({ asOf: ASOF });
    expect(published).toHaveLength(3);
    for (const detail of published)
      expect(await stack.sendDigest({ detail })).toMatchObject({ status: 'sent' });
    for (const detail of published)
      expect(await stack.sendDigest({ detail })).toEqual({ status: 'duplicate' });
    expect(await sentEmails(stack)).toHaveLength(3);
  });

  it('two runs at the same time still produce one task per report and one email per digest', async () => {
    await freshNight();
    const runs = await Promise.all([stack.nightlyRun({ asOf: ASOF }), stack.nightlyRun({ asOf: ASOF })]);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(runs[0]!.tasksRaised + runs[1]!.tasksRaised).toBe(1);
    expect(recipients(await sentEmails(stack))).toEqual(EXPECTED_RECIPIENTS);
    expect(await stack.repos.tasks.list('open')).toHaveLength(1);
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it('a run killed part-way and run again ends with every email and task, none twice', async () => {
    await freshNight();
    const killed = stack.makeNightlyRun({
      segments: 2,
      concurrency: 1,
      afterTrust: (done) => {
        if (done === 1) throw new Error('injected failure after 1 trust');
      },
    });
    await expect(killed({ asOf: ASOF })).rejects.toThrow('injected failure');
    expect(await sentEmails(stack)).toHaveLength(0);
    expect(await stack.repos.runs.get(`manual:${ASOF}`)).toMatchObject({
      status: 'failed',
      failure: 'injected failure after 1 trust',
    });

    const rerun = await stack.nightlyRun({ asOf: ASOF });
    expect(rerun.status).toBe('succeeded');
    expect(recipients(await sentEmails(stack))).toEqual(EXPECTED_RECIPIENTS);
    expect(await stack.repos.tasks.list('open')).toHaveLength(1);
    expect(await stack.repos.runs.get(`manual:${ASOF}`)).toMatchObject({ status: 'succeeded' });
  });

  it('SES failing transiently for 30% of sends: every digest is still delivered, once', async () => {
    await freshNight();
    // Deterministic: calls 1, 4, 7, … fail (a third of them), alternating throttling and 503.
    const { proxy, wiring: viaProxy } = await throughFaultProxy(
      stack,
      (call) => (call % 3 === 1 ? (call % 2 ? THROTTLED : UNAVAILABLE) : null),
      { fallbackRecipient: FALLBACK },
    );
    cleanups.push(proxy.close);
    const run = await viaProxy.nightlyRun({ asOf: ASOF });
    expect(run.digestsPublished).toBe(3);
    expect(proxy.stats().faults).toBeGreaterThanOrEqual(1);
    expect(proxy.stats().faults / proxy.stats().calls).toBeGreaterThanOrEqual(0.25);
    expect(recipients(await sentEmails(stack))).toEqual(EXPECTED_RECIPIENTS);
    expect(viaProxy.bus.deadLetters).toEqual([]);
  });

  it('SES failing permanently: the failure is recorded, and the items are delivered the next night once SES works', async () => {
    await freshNight();
    let failing = true;
    const { proxy, wiring: viaProxy } = await throughFaultProxy(stack, () => (failing ? REJECTED : null), {
      fallbackRecipient: FALLBACK,
    });
    cleanups.push(proxy.close);

    const night1 = await viaProxy.nightlyRun({ asOf: ASOF });
    expect(night1.digestsPublished).toBe(3);
    expect(await sentEmails(stack)).toHaveLength(0);
    const ledger = await stack.repos.deliveries.get(night1.runId, HOLDER_A.email, 1);
    expect(ledger).toMatchObject({ status: 'failed', permanent: true });
    expect(String(ledger!.failure)).toContain('MessageRejected');
    // On the run record, counted apart from sent ones (and so at /runs/latest).
    expect(await stack.repos.runs.get(night1.runId)).toMatchObject({ digestOutcomes: { rejected: 3 } });

    failing = false;
    const nextDay = addDays(ASOF, 1);
    const night2 = await viaProxy.nightlyRun({ asOf: nextDay });
    const emails = await sentEmails(stack);
    expect(recipients(emails)).toEqual(EXPECTED_RECIPIENTS);
    const toA = emails.find((e) => e.destination.to[0] === HOLDER_A.email)!;
    expect(toA.subject).toBe('1 overdue, 1 due soon — Trust A');
    expect(night2.digestItems).toBe(5);
    // Delivered now: running that night again finds nothing new.
    expect((await viaProxy.nightlyRun({ asOf: nextDay })).digestsPublished).toBe(0);
    expect(await sentEmails(stack)).toHaveLength(3);
  });

  it('skips malformed records, names them in the run record, and processes the rest', async () => {
    await freshNight();
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
    const bad = [
      {
        PK: 'TRUST#TA',
        SK: 'CS#TA1#Outpatients',
        type: 'core-service',
        locationId: 'TA1',
        locationName: 'A Hospital',
        service: 'Outpatients',
        rating: 'Good',
        reportPublishedOn: '2025-02-30',
      },
      {
        PK: 'TRUST#TB',
        SK: 'CS#TB1#Surgery',
        type: 'core-service',
        locationId: 'TB1',
        locationName: 'B Hospital',
        service: 'Surgery',
        rating: 'Brilliant',
        reportPublishedOn: '2025-01-01',
      },
      { PK: 'TRUST#TC', SK: 'PIR#P1', type: 'pir', requestId: 'P1' },
      {
        PK: 'TRUST#TX',
        SK: 'CS#TX1#Surgery',
        type: 'core-service',
        locationId: 'TX1',
        locationName: 'X',
        service: 'Surgery',
        rating: 'Good',
        reportPublishedOn: '2025-01-01',
      },
    ];
    for (const Item of bad) await client.send(new PutCommand({ TableName: stack.tableName, Item }));

    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run.status).toBe('succeeded');
    expect(run.problemCount).toBe(4);
    expect(run.problems.map((e) => e.record).sort()).toEqual([
      'TRUST#TA CS#TA1#Outpatients',
      'TRUST#TB CS#TB1#Surgery',
      'TRUST#TC PIR#P1',
      'TRUST#TX PROFILE',
    ]);
    expect(run.problems.find((e) => e.record.includes('Outpatients'))!.reason).toContain('reportPublishedOn');
    expect(run.problems.find((e) => e.record.includes('TB1'))!.reason).toContain(
      'unknown rating "Brilliant"',
    );
    expect(run.problems.find((e) => e.record.includes('PIR'))!.reason).toContain('issuedOn');
    expect(recipients(await sentEmails(stack))).toEqual(EXPECTED_RECIPIENTS);
    expect(await stack.repos.runs.latest()).toMatchObject({ runId: run.runId, problemCount: 4 });
  });

  it('rewrites a stored due item that has been corrupted, rather than trusting or skipping it', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
    const key = { PK: 'TRUST#TB', SK: 'ITEM#reinspection#TB#TB1#Urgent and emergency services' };
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...key,
          type: 'item',
          itemId: 'reinspection#TB#TB1#Urgent and emergency services',
          stage: 'bogus',
        },
      }),
    );
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run).toMatchObject({ itemsSaved: 1, problemCount: 0 });
    expect(
      (await stack.repos.trustRecords.readTrust('TB')).items.get(
        'reinspection#TB#TB1#Urgent and emergency services',
      ),
    ).toMatchObject({
      stage: 'urgent',
      dueBy: addDays(ASOF, 20),
      trustName: 'Trust B',
    });
  });

  it('a published report closes its task and its report item', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const [ta, ...others] = nightTrusts(ASOF);
    const published = {
      ...ta!,
      wellLedInspections: [{ ...ta!.wellLedInspections[0]!, reportPublishedOn: addDays(ASOF, 2) }],
    };
    await load(stack, [published, ...others], addDays(ASOF, 3));
    const run = await stack.nightlyRun({ asOf: addDays(ASOF, 3) });
    expect(run.tasksClosed).toBe(1);
    expect(await stack.repos.tasks.list('open')).toEqual([]);
    expect((await stack.repos.tasks.list('closed')).map((t) => [t.inspectionId, t.closedOn])).toEqual([
      ['WL-A', addDays(ASOF, 2)],
    ]);
    const items = (await stack.repos.trustRecords.readTrust('TA')).items;
    expect([...items.keys()].some((id) => id.startsWith('report#'))).toBe(false);
    expect((await stack.nightlyRun({ asOf: addDays(ASOF, 3) })).tasksClosed).toBe(0);
  });

  it('a rating change moves the due date, and the next digest says so', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const itemId = 'reinspection#TA#TA1#Maternity';
    expect((await stack.repos.trustRecords.readTrust('TA')).items.get(itemId)).toMatchObject({
      dueBy: '2027-09-18',
      stage: 'scheduled',
    });

    // Re-rated Inadequate on a report published 11 months ago: due in a month.
    const [ta, ...others] = nightTrusts(ASOF);
    const rerated = {
      ...ta!,
      coreServices: ta!.coreServices.map((cs) =>
        cs.service === 'Maternity'
          ? { ...cs, rating: 'Inadequate' as const, reportPublishedOn: '2025-12-10' }
          : cs,
      ),
    };
    await load(stack, [rerated, ...others], ASOF);
    const item = (await stack.repos.trustRecords.readTrust('TA')).items.get(itemId);
    expect(item).toMatchObject({ dueBy: '2026-12-10', rating: 'Inadequate', stage: 'urgent' });

    await fetch(`${stack.ses.endpoint}/clear-store`, { method: 'POST' });
    const run = await stack.nightlyRun({ asOf: addDays(ASOF, 1) });
    expect(run.digestsPublished).toBe(1);
    const [email] = await sentEmails(stack);
    expect(email!.destination.to).toEqual([HOLDER_A.email]);
    expect(email!.subject).toBe('1 urgent — Trust A');
    expect(email!.body.text).toContain(
      'Re-inspect Maternity at A Hospital\n  Trust A (TA) · Rated Inadequate in the report published',
    );
    expect(email!.body.text).toContain('Due by 10 December 2026, 16 days left');
  });

  it('records each stage change with its date', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    await stack.nightlyRun({ asOf: '2026-12-05' }); // 8 days left: still urgent
    await stack.nightlyRun({ asOf: '2026-12-14' }); // due 2026-12-13: overdue
    const item = (await stack.repos.trustRecords.readTrust('TB')).items.get(
      'reinspection#TB#TB1#Urgent and emergency services',
    );
    expect(item!.stageHistory).toEqual([
      { on: ASOF, stage: 'urgent' },
      { on: '2026-12-14', stage: 'overdue' },
    ]);
  });
});
