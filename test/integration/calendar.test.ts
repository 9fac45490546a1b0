import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { longDate } from '../../domain/item-words.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { apiFetch, backend, load, testStack } from '../support/stack.ts';

/**
 * A calendar that plans (issue 25), read by a parser no one here wrote (ical.js): a booked item
 * on the day booked, a deferred one on the day its deferral ends, open overdue work on today,
 * no waived item; each event with its status, its stage and a link to its page, and a UID that
 * stays when the item is booked, so a calendar moves it in place.
 */
const today = new Date().toISOString().slice(0, 10);
const PRIYA = 'priya.shah@example.org';
let stack: LocalStack;
type Listed = { itemId: string; dueBy: string; stage: string; kind: string };
let items: Listed[];

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, demoTrusts(today), today);
  const res = await apiFetch(stack, '/due-work?within=365&trustId=DEMO1', { as: PRIYA });
  items = ((await res.json()) as { items: Listed[] }).items;
});
afterAll(() => stack?.close());

async function calendar() {
  const res = await apiFetch(stack, '/due-work?within=365&trustId=DEMO1&format=ics', { as: PRIYA });
  expect(res.status).toBe(200);
  return new Map(
    new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents('vevent').map((v) => {
      const event = new ICAL.Event(v);
      return [
        String(v.getFirstPropertyValue('url')),
        {
          uid: event.uid,
          day: event.startDate.toString(),
          summary: event.summary,
          description: event.description,
        },
      ] as const;
    }),
  );
}
const act = (itemId: string, as: string, body: Record<string, unknown>) =>
  apiFetch(stack, `/items/${encodeURIComponent(itemId)}/actions`, {
    method: 'POST',
    as,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, expectedVersion: 0 }),
  });
const pageOf = (itemId: string) => `${stack.api!.url}/web/items/${encodeURIComponent(itemId)}`;

describe(`a calendar that plans (${backend()})`, () => {
  it('puts each item on the day it is to be done, says its status and stage, links its page, and leaves out waived work', async () => {
    const overdue = items.filter((i) => i.stage === 'overdue');
    const ahead = items.filter((i) => i.stage !== 'overdue');
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(ahead.length).toBeGreaterThanOrEqual(3);
    const [open] = overdue as [Listed];
    const [booked, waived, deferred] = ahead as [Listed, Listed, Listed];
    const before = await calendar();

    const bookedFor = addDays(today, 10);
    expect(
      (await act(booked.itemId, PRIYA, { action: 'book', on: bookedFor, reason: 'The team can go then' }))
        .status,
    ).toBe(200);
    expect(
      (await act(waived.itemId, 'planner@example.org', { action: 'waive', waiverReason: 'duplicate' }))
        .status,
    ).toBe(200);
    const until = addDays(today, 5);
    expect(
      (await act(deferred.itemId, PRIYA, { action: 'defer', until, reason: 'The trust asked' })).status,
    ).toBe(200);
    const after = await calendar();

    // Booked: on the day booked, the same event (UID) as before it was booked.
    const b = after.get(pageOf(booked.itemId))!;
    expect(b.day).toBe(bookedFor);
    expect(b.uid).toBe(before.get(pageOf(booked.itemId))!.uid);
    expect(b.summary).toMatch(/^Booked: /);
    expect(b.description).toContain(`Status: Booked for ${longDate(bookedFor)}`);
    // Deferred: on the day its deferral ends.
    const d = after.get(pageOf(deferred.itemId))!;
    expect(d.day).toBe(until);
    expect(d.summary).toMatch(/^Deferral ends: /);
    // Open and overdue: today, saying since when.
    const o = after.get(pageOf(open.itemId))!;
    expect(o.day).toBe(today);
    expect(o.summary).toContain(`Overdue since ${longDate(open.dueBy)}`);
    expect(o.description).toContain('Status: Open');
    expect(o.description).toContain('Stage: Overdue');
    // Waived: not on the calendar at all.
    expect(after.has(pageOf(waived.itemId))).toBe(false);
    // Every event links to its item's page, under the pages' address.
    for (const url of after.keys()) expect(url.startsWith(`${stack.api!.url}/web/items/`)).toBe(true);
    expect(after.size).toBe(items.length - 1);
  });
});
