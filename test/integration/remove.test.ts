import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { canonicalRm3 } from '../support/records.ts';
import { apiFetch, backend, cliStackPerTest, sentEmails } from '../support/stack.ts';

/** `remove`: an admin retires a location, or a whole trust, and nobody is told of it again. */
const current = cliStackPerTest({ apiPort: 0 });
let stack: LocalStack;
beforeEach(() => {
  stack = current();
});

const service = (locationId: string, locationName: string, name: string, rating: string, on: string) => ({
  locationId,
  locationName,
  service: name,
  rating,
  reportPublishedOn: on,
});

/** RM3 with two hospitals, both overdue, and a well-led report awaited (a report task). */
function trustFile(holder = 'sam.example@example.org'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'remove-')), 'rm3.json');
  writeFileSync(
    file,
    JSON.stringify(
      canonicalRm3({
        relationshipHolder: { name: 'Holder', email: holder },
        coreServices: [
          service('RM317', 'Royal Oldham Hospital', 'Surgery', 'Inadequate', '2025-06-01'),
          service('RM317', 'Royal Oldham Hospital', 'Maternity', 'Inadequate', '2025-06-01'),
          service('RM325', 'Salford Royal', 'Surgery', 'Inadequate', '2025-06-01'),
        ],
      }),
    ),
  );
  return file;
}

async function dueWork(): Promise<{ itemId: string; locationId: string | null }[]> {
  const res = await apiFetch(stack, `/due-work?within=400`);
  return ((await res.json()) as { items: { itemId: string; locationId: string | null }[] }).items;
}

async function partition(): Promise<string[]> {
  const out = await makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint }).send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TRUST#RM3' },
    }),
  );
  return (out.Items ?? []).map((i) => String(i.SK));
}

describe(`remove against a running stack (${backend()})`, () => {
  it('retires a location: a dry run changes nothing; then its items are gone from /due-work and digests, the history kept', async () => {
    expect((await runCli(['import', trustFile()])).code).toBe(0);
    const first = JSON.parse((await runCli(['nightly', '--as-of', '2026-11-23', '--format', 'json'])).stdout);
    expect(first).toMatchObject({ digestsPublished: 1, digestItems: 4 });
    const before = await partition();
    expect((await dueWork()).filter((i) => i.locationId === 'RM317')).toHaveLength(2);

    const dry = await runCli([
      'remove',
      '--trust',
      'RM3',
      '--location',
      'RM317',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      trustId: 'RM3',
      locationId: 'RM317',
      records: 2,
    });
    expect(JSON.parse(dry.stdout).items).toHaveLength(2);
    expect(await partition()).toEqual(before);

    const removed = await runCli([
      'remove',
      '--trust',
      'RM3',
      '--location',
      'RM317',
      '--reason',
      'deregistered 2026-11',
    ]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed trust RM3, location RM317');
    expect(removed.stdout).toContain('records 2, due items closed 2, report tasks closed 0');
    expect((await dueWork()).map((i) => i.locationId)).not.toContain('RM317');
    expect((await dueWork()).map((i) => i.locationId)).toContain('RM325');
    const after = await partition();
    // Nothing of RM317 is left but what its items were, when and why they closed.
    expect(after.filter((sk) => sk.includes('RM317') && !sk.startsWith('CLOSED#'))).toEqual([]);
    expect(after.filter((sk) => sk.startsWith('CLOSED#'))).toHaveLength(2);
    expect(after.filter((sk) => sk.startsWith('HISTORY#'))).toHaveLength(1);

    // The trust gets a new holder, who is handed every open item of the trust: RM325's, and
    // nothing of RM317. The history record is no problem for the run.
    const rm325Only = trustFile('new.holder@example.org');
    const rewritten = JSON.parse(readFileSync(rm325Only, 'utf8'));
    rewritten.trusts[0].coreServices = rewritten.trusts[0].coreServices.filter(
      (cs: { locationId: string }) => cs.locationId === 'RM325',
    );
    writeFileSync(rm325Only, JSON.stringify(rewritten));
    expect((await runCli(['import', rm325Only])).code).toBe(0);
    const later = JSON.parse((await runCli(['nightly', '--as-of', '2026-11-24', '--format', 'json'])).stdout);
    expect(later).toMatchObject({ status: 'succeeded', problemCount: 0, trusts: 1, digestsPublished: 1 });
    const handover = (await sentEmails(stack)).find((e) => e.destination.to[0] === 'new.holder@example.org');
    expect(handover?.body.html).toContain('Salford Royal');
    expect(handover?.body.html).not.toContain('Royal Oldham');

    // An unknown location is named, with the ones the trust has.
    const unknown = await runCli(['remove', '--trust', 'RM3', '--location', 'RM317']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: trust RM3 has no location RM317 (its locations: RM325)');
  });

  it('retires a whole trust: records, items and tasks go; the nightly job neither plans nor complains of it', async () => {
    await runCli(['import', trustFile()]);
    await runCli(['nightly', '--as-of', '2026-11-23']);
    const removed = JSON.parse((await runCli(['remove', '--trust', 'RM3', '--format', 'json'])).stdout);
    expect(removed).toMatchObject({ trustId: 'RM3', reason: 'removed by an admin', records: 5 });
    expect(removed.items).toHaveLength(5);
    expect(removed.tasks).toEqual(['WL-RM3-2026']);
    // What was retired, and what each item was: nothing else.
    const left = await partition();
    expect(left.filter((sk) => !sk.startsWith('CLOSED#'))).toEqual([
      expect.stringMatching(/^HISTORY#2026-11-23#/),
    ]);
    expect(left.filter((sk) => sk.startsWith('CLOSED#'))).toHaveLength(5);
    expect(await dueWork()).toEqual([]);

    const emailsBefore = (await sentEmails(stack)).length;
    const next = JSON.parse((await runCli(['nightly', '--as-of', '2026-11-24', '--format', 'json'])).stdout);
    expect(next).toMatchObject({ status: 'succeeded', trusts: 0, problemCount: 0, digestsPublished: 0 });
    expect(await sentEmails(stack)).toHaveLength(emailsBefore);

    const again = await runCli(['remove', '--trust', 'RM3']);
    expect(again).toMatchObject({ code: 1, stderr: 'error: trust RM3: nothing is stored for it' });
    const bad = await runCli(['remove', '--trust', 'RM#3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--trust "RM#3": may hold only letters');
  });
});
