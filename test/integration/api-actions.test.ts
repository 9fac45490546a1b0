import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { apiFetch, backend, load, testStack } from '../support/stack.ts';

/**
 * Acting on due items through the JSON API: the signed-in user is who acted, the role rules
 * hold (a holder on their own trusts' items only, waiving for planners), a stale version is a
 * 409, and bad input a 400 naming the field. Every action is in the item's history.
 */
let stack: LocalStack;
let mine: { itemId: string; dueBy: string }[];
let theirs: { itemId: string }[];
const PRIYA = 'priya.shah@example.org';

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  // Loaded as of today: the API acts on items as they are today.
  const today = new Date().toISOString().slice(0, 10);
  await load(stack, demoTrusts(today), today);
  await stack.nightlyRun({ asOf: today });
  const due = async (trustId: string) =>
    (
      (await (await apiFetch(stack, `/due-work?within=3650&trustId=${trustId}`)).json()) as {
        items: { itemId: string; dueBy: string }[];
      }
    ).items;
  mine = await due('DEMO1');
  theirs = await due('DEMO2');
});
afterAll(() => stack?.close());

const path = (itemId: string) => `/items/${encodeURIComponent(itemId)}`;
const post = (itemId: string, body: unknown, as = PRIYA) =>
  apiFetch(stack, `${path(itemId)}/actions`, {
    method: 'POST',
    as,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe(`acting through the API (${backend()})`, () => {
  it('a holder books their own item; the item shows its state and the record of who did what', async () => {
    const item = mine[0]!;
    const res = await post(item.itemId, {
      action: 'book',
      expectedVersion: 0,
      on:
        item.dueBy < new Date().toISOString().slice(0, 10)
          ? new Date().toISOString().slice(0, 10)
          : item.dueBy,
      reason: 'The earliest the team can go',
      note: 'Confirmed with the trust',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { state: { status: string } }).state.status).toBe('booked');
    const shown = (await (await apiFetch(stack, path(item.itemId), { as: PRIYA })).json()) as {
      state: { status: string; version: number };
      actions: { action: string; by: string; note: string }[];
    };
    expect(shown.state).toMatchObject({ status: 'booked', version: 1 });
    expect(shown.actions).toMatchObject([{ action: 'book', by: PRIYA, note: 'Confirmed with the trust' }]);
    // Due work says each item's status and filters on it: "booked" apart from "open".
    const listed = async (status: string) =>
      (
        (await (await apiFetch(stack, `/due-work?within=3650&trustId=DEMO1&status=${status}`)).json()) as {
          items: { itemId: string; status: string }[];
        }
      ).items;
    expect(await listed('booked')).toMatchObject([{ itemId: item.itemId, status: 'booked' }]);
    expect((await listed('open')).map((i) => i.itemId)).not.toContain(item.itemId);
    expect((await listed('open,booked')).length).toBe(mine.length);
    // The trust's history, as JSON and as CSV for a spreadsheet; not another holder's.
    const history = (await (await apiFetch(stack, '/trusts/DEMO1/actions', { as: PRIYA })).json()) as {
      actions: { itemId: string; action: string }[];
    };
    expect(history.actions).toMatchObject([{ itemId: item.itemId, action: 'book' }]);
    const csv = await (await apiFetch(stack, '/trusts/DEMO1/actions?format=csv', { as: PRIYA })).text();
    expect(csv.split('\r\n')[0]).toBe(
      'at,itemId,action,from,to,by,role,on,waiverReason,reason,note,version,basisDate',
    );
    expect(csv).toContain(',book,open,booked,priya.shah@example.org,holder,');
    expect((await apiFetch(stack, '/trusts/DEMO2/actions', { as: PRIYA })).status).toBe(403);
    // The forecast counts booked work apart: "not yet booked" is one grouping away.
    const forecast = (await (await apiFetch(stack, '/forecast?groupBy=status&months=60')).json()) as {
      buckets: { groups: Record<string, number> }[];
    };
    const counted = (status: string) => forecast.buckets.reduce((n, b) => n + (b.groups[status] ?? 0), 0);
    expect(counted('booked')).toBe(1);
    expect(counted('open')).toBeGreaterThan(0);
  });

  it('a stale version is a 409 naming the change; nothing is applied', async () => {
    const item = mine[0]!;
    const res = await post(item.itemId, { action: 'reopen', expectedVersion: 0, reason: 'Mistake' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict', field: 'version' } });
  });

  it("the role rules: not another holder's item, and waiving is for planners", async () => {
    const other = await post(theirs[0]!.itemId, { action: 'acknowledge', expectedVersion: 0 });
    expect(other.status).toBe(403);
    const waive = await post(mine[1]!.itemId, {
      action: 'waive',
      expectedVersion: 0,
      waiverReason: 'duplicate',
    });
    expect(waive.status).toBe(403);
    expect(((await waive.json()) as { error: { message: string } }).error.message).toBe(
      'Only planners and admins may waive an item',
    );
    const planner = await post(
      mine[1]!.itemId,
      { action: 'waive', expectedVersion: 0, waiverReason: 'duplicate' },
      'planner@example.org',
    );
    expect(planner.status).toBe(200);
    expect(
      (await post(mine[1]!.itemId, { action: 'acknowledge', expectedVersion: 1 }, null as never)).status,
    ).toBe(401);
  });

  it('bad input is a 400 naming the field; an unknown item a 404', async () => {
    const cases: [unknown, string, string][] = [
      ['not json', 'invalid_body', ''],
      [{ action: 'promote', expectedVersion: 0 }, 'invalid_parameter', 'action'],
      [{ action: 'acknowledge' }, 'invalid_parameter', 'expectedVersion'],
      [{ action: 'book', expectedVersion: 0, on: '2020-01-01' }, 'invalid_parameter', 'on'],
      [{ action: 'defer', expectedVersion: 0, until: '2099-01-01' }, 'invalid_parameter', 'until'],
      [{ action: 'acknowledge', expectedVersion: 0, colour: 'red' }, 'invalid_parameter', 'colour'],
    ];
    for (const [body, code, field] of cases) {
      const res = await post(mine[2]!.itemId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as { error: { code: string; field: string | null } }).error;
      expect(error.code).toBe(code);
      if (field) expect(error.field).toBe(field);
    }
    const unknown = await post('reinspection#DEMO1#NOPE#Surgery', {
      action: 'acknowledge',
      expectedVersion: 0,
    });
    expect(unknown.status).toBe(404);
  });
});
