import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { CQC_LOCATIONS, RATINGS_CSV } from '../support/paths.ts';
import { canonicalRm3 } from '../support/records.ts';
import { backend, cliStackPerTest, sentEmails } from '../support/stack.ts';

/** The CLI commands driving a running stack through DYNAMODB_ENDPOINT, SES_ENDPOINT, TABLE_NAME. */
const current = cliStackPerTest();
let stack: LocalStack;
beforeEach(() => {
  stack = current();
});

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-')), name);
  writeFileSync(file, content);
  return file;
}

const canonical = (rating: string, published = '2025-01-10') =>
  JSON.stringify(
    canonicalRm3({
      coreServices: [
        {
          locationId: 'RM317',
          locationName: 'Royal Oldham Hospital',
          service: 'Surgery',
          rating,
          reportPublishedOn: published,
        },
      ],
    }),
  );

describe(`import, scan and due against a running stack (${backend()})`, () => {
  it('imports a folder of CQC API files, then re-importing changes nothing', async () => {
    const first = await runCli(['import', CQC_LOCATIONS, '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    // RM3: profile + 8 core services; RT2: a profile (RT203's services are rated at provider level).
    expect(summary).toMatchObject({ trusts: 2, created: 10, updated: 0, unchanged: 0, dryRun: false });
    expect(summary.skipped.map((s: { source: string }) => path.basename(s.source)).sort()).toEqual([
      'RT203.json',
      'RT2F3.json',
      'RW603.json',
    ]);

    const again = JSON.parse((await runCli(['import', CQC_LOCATIONS, '--format', 'json'])).stdout);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10, itemsRefreshed: 0 });
    // The ratings CSV holds the same RM317 services: nothing to change either.
    const csv = await runCli(['import', RATINGS_CSV]);
    expect(csv.stdout).toContain('records created 0, updated 0, unchanged 9');
  });

  it('a changed rating updates the record and its due date; the holder is kept when the new input has none', async () => {
    await runCli(['import', tempFile('t.json', canonical('Good'))]);
    const due = async () =>
      JSON.parse((await runCli(['due', '--as-of', '2026-11-23', '--all', '--format', 'json'])).stdout);
    expect((await due()).items.find((i: { service: string }) => i.service === 'Surgery')).toMatchObject({
      dueBy: '2028-07-10',
      rating: 'Good',
    });

    const changed = await runCli(['import', tempFile('t.json', canonical('Inadequate')), '--format', 'json']);
    expect(JSON.parse(changed.stdout)).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const item = (await due()).items.find((i: { service: string }) => i.service === 'Surgery');
    expect(item).toMatchObject({ dueBy: '2026-01-10', rating: 'Inadequate', stage: 'overdue' });
    expect(item.relationshipHolder).toEqual({ name: 'Sam Example', email: 'sam.example@example.org' });
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
    const raw = await client.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: { PK: 'TRUST#RM3', SK: 'ITEM#reinspection#RM3#RM317#Surgery' },
      }),
    );
    expect(raw.Item).toMatchObject({
      dueBy: '2026-01-10',
      GSI1PK: 'DUE#2026-01',
      GSI1SK: '2026-01-10#reinspection#RM3#RM317#Surgery',
    });

    // A CQC API file for the same trust carries no holder or name: they are not erased.
    await runCli(['import', path.join(CQC_LOCATIONS, 'RM317.json')]);
    const profile = (await stack.repos.trustRecords.readTrust('RM3')).profile;
    expect(profile).toMatchObject({
      name: 'Northern Care Alliance NHS Foundation Trust',
      relationshipHolder: { name: 'Sam Example' },
    });
  });

  it('an invalid file writes nothing, and names the file, path and field', async () => {
    const bad = JSON.parse(canonical('Good'));
    bad.trusts.push({
      ...bad.trusts[0],
      trustId: 'RX1',
      coreServices: [{ ...bad.trusts[0].coreServices[0], reportPublishedOn: '2025-13-01' }],
    });
    const result = await runCli(['import', tempFile('bad.json', JSON.stringify(bad))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'bad.json: trusts[1].coreServices[0]: reportPublishedOn: "2025-13-01" is not a calendar date',
    );
    expect(await stack.repos.trustRecords.isEmpty()).toBe(true);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const result = await runCli(['import', RATINGS_CSV, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing written.');
    expect(result.stdout).toContain('records created would be 9');
    expect(await stack.repos.trustRecords.isEmpty()).toBe(true);
  });

  it('--holders assigns relationship holders on import, and the next scan emails them', async () => {
    const holders = tempFile('holders.csv', 'trustId,name,email\nRM3,Sam Example,sam.example@example.org\n');
    await runCli(['import', RATINGS_CSV, '--holders', holders]);
    // The same holders file in other letter case changes nothing.
    const shouty = tempFile(
      'holders-upper.csv',
      'trustId,name,email\nRM3,Sam Example,Sam.Example@EXAMPLE.org\n',
    );
    const again = JSON.parse(
      (await runCli(['import', RATINGS_CSV, '--holders', shouty, '--format', 'json'])).stdout,
    );
    expect(again).toMatchObject({ created: 0, updated: 0 });
    const scan = await runCli(['scan', '--as-of', '2026-11-23', '--format', 'json']);
    expect(scan.code).toBe(0);
    const run = JSON.parse(scan.stdout);
    expect(run).toMatchObject({
      runId: 'manual:2026-11-23',
      status: 'succeeded',
      trusts: 1,
      digestsPublished: 1,
      digestItems: 8,
    });
    const emails = await sentEmails(stack);
    expect(emails.map((e) => [e.destination.to[0], e.subject])).toEqual([
      ['sam.example@example.org', '8 overdue — Trust RM3'],
    ]);
    // Each item links to its page on the local stack's web pages, where the actions are.
    expect(emails[0]!.body.text).toContain(
      `Open this item: http://127.0.0.1:3000/web/items/${encodeURIComponent('reinspection#RM3#RM317#Surgery')}`,
    );
  });

  it('scan prints a readable run record by default', async () => {
    await runCli(['import', tempFile('t.json', canonical('Requires improvement', '2024-12-01'))]);
    const { stdout } = await runCli(['scan', '--as-of', '2026-11-23']);
    expect(stdout).toContain('Nightly run manual:2026-11-23 (as of 2026-11-23): succeeded');
    expect(stdout).toContain('tasks raised 1');
    expect(stdout).toContain('digests published 1 (2 items)');
  });

  it('scan --scheduled-time replays the scheduled run; a manual run for that date after it tells nobody again', async () => {
    await runCli(['import', tempFile('t.json', canonical('Requires improvement', '2024-12-01'))]);
    const scheduled = await runCli(['scan', '--scheduled-time', '2026-11-23T02:30:00Z', '--format', 'json']);
    expect(JSON.parse(scheduled.stdout)).toMatchObject({
      runId: '2026-11-23T02:30:00.000Z',
      asOf: '2026-11-23',
      digestsPublished: 1,
    });
    const manual = JSON.parse((await runCli(['scan', '--as-of', '2026-11-23', '--format', 'json'])).stdout);
    expect(manual).toMatchObject({ runId: 'manual:2026-11-23', digestsPublished: 0 });
    expect(await sentEmails(stack)).toHaveLength(1);

    const wrong = await runCli(['scan', '--scheduled-time', 'tonight']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--scheduled-time: "tonight" is not an ISO instant');
    const both = await runCli(['scan', '--scheduled-time', '2026-11-23T02:30:00Z', '--as-of', '2026-11-23']);
    expect(both.code).toBe(2);
  });

  it('checks every environment variable when a command starts, naming each bad one', async () => {
    process.env.SENDER_ADDRESS = 'alsobad';
    process.env.SCAN_SEGMENTS = 'abc';
    try {
      const result = await runCli(['scan', '--as-of', '2026-11-23']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('SENDER_ADDRESS="alsobad": expected an email address');
      expect(result.stderr).toContain('SCAN_SEGMENTS="abc": expected a whole number from 1 to 1000');
    } finally {
      delete process.env.SENDER_ADDRESS;
      delete process.env.SCAN_SEGMENTS;
    }
  });

  it('tells the user to start the stack when nothing listens', async () => {
    process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
    const result = await runCli(['due', '--format', 'json']);
    // Its own exit code: an unreachable service is not a command called wrongly (2).
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'cannot reach DynamoDB at http://127.0.0.1:9: start the local stack with `npm start`',
    );
  });
});
