import { beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { demoTrusts } from '../../local/demo.ts';
import { runCli } from '../support/cli.ts';
import { backend, cliStackPerTest, load, sharedUserPool, tokenFor } from '../support/stack.ts';

/**
 * `trust-scheduler item`: show an item and its history, and act on it as a user of the pool,
 * whose own role holds (a holder cannot waive), against the local stack.
 */
const current = cliStackPerTest();
let itemId: string;

beforeEach(async () => {
  const stack = current();
  const today = new Date().toISOString().slice(0, 10);
  await load(stack, demoTrusts(today), today);
  const pool = await sharedUserPool();
  process.env.COGNITO_PORT = new URL(pool.endpoint).port;
  await tokenFor(pool, 'priya.shah@example.org', 'holder');
  await tokenFor(pool, 'planner@example.org', 'planner');
  const stored = await stack.repos.trustRecords.read('DEMO1');
  itemId = [...stored.items.keys()].find((id) => id.startsWith('reinspection#'))!;
});

describe(`trust-scheduler item (${backend()})`, () => {
  it('acts as a user of the pool, by their role, and shows the history', async () => {
    const until = addDays(new Date().toISOString().slice(0, 10), 30);
    const deferred = await runCli([
      'item',
      'defer',
      itemId,
      '--as',
      'priya.shah@example.org',
      '--until',
      until,
      '--reason',
      'Trust asked',
    ]);
    expect(deferred.code, deferred.stderr).toBe(0);
    expect(deferred.stdout).toContain(`status deferred until ${until}; version 1`);
    expect(deferred.stdout).toContain(`defer ${until} by priya.shah@example.org (holder): Trust asked`);

    const waive = await runCli([
      'item',
      'waive',
      itemId,
      '--as',
      'priya.shah@example.org',
      '--waiver-reason',
      'duplicate',
    ]);
    expect(waive).toMatchObject({ code: 1, stderr: 'error: Only planners and admins may waive an item' });
    const stale = await runCli([
      'item',
      'reopen',
      itemId,
      '--as',
      'planner@example.org',
      '--reason',
      'x',
      '--version',
      '0',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Someone changed this item while you had it open');

    const shown = JSON.parse((await runCli(['item', 'show', itemId, '--format', 'json'])).stdout);
    expect(shown.state).toMatchObject({ status: 'deferred', version: 1 });
    expect(shown.actions).toHaveLength(1);
  });

  it('due leaves out what people acted on, and says so; --all lists it with its status', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const due = async (...args: string[]) =>
      JSON.parse((await runCli(['due', '--as-of', today, '--format', 'json', ...args])).stdout);
    const before = await due();
    // An item not yet overdue: booking it for its due date needs no reason.
    const item = before.items.find((i: { stage: string }) => i.stage !== 'overdue');
    expect(item).toMatchObject({ status: 'open' });
    const booked = await runCli([
      'item',
      'book',
      item.itemId,
      '--as',
      'planner@example.org',
      '--on',
      item.dueBy,
    ]);
    expect(booked.code, booked.stderr).toBe(0);

    const after = await due();
    expect(after.items.map((i: { itemId: string }) => i.itemId)).not.toContain(item.itemId);
    expect(after.items).toHaveLength(before.items.length - 1);
    expect(after.actedOn).toEqual({ booked: 1, deferred: 0, waived: 0 });
    const table = await runCli(['due', '--as-of', today]);
    expect(table.stdout).toContain('Not listed, people acted on them: 1 booked (--all lists them)');
    const all = await due('--all');
    expect(all.items.find((i: { itemId: string }) => i.itemId === item.itemId)).toMatchObject({
      status: 'booked',
    });
    const csv = (await runCli(['due', '--as-of', today, '--all', '--format', 'csv'])).stdout;
    // Status first: what people did comes right after when it is due.
    expect(csv.split('\r\n')[0]).toMatch(
      /^dueBy,daysRemaining,status,bookedFor,deferredUntil,waiverReason,acknowledgedBy,stage,/,
    );
    expect(csv).toMatch(new RegExp(`^${item.dueBy},-?\\d+,booked,${item.dueBy},,,,`, 'm'));
  });

  it('names what is wrong: no --as, a stranger, an unknown item', async () => {
    expect((await runCli(['item', 'ack', itemId])).code).toBe(2);
    expect(await runCli(['item', 'ack', itemId, '--as', 'stranger@example.org'])).toMatchObject({
      code: 1,
      stderr:
        'error: your access has ended (removed, disabled, or given no role): you can no longer act on items',
    });
    expect(await runCli(['item', 'show', 'reinspection#DEMO1#NOPE#Surgery'])).toMatchObject({
      code: 1,
      stderr: 'error: no item with id "reinspection#DEMO1#NOPE#Surgery", open or closed',
    });
  });
});
