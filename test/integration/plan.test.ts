import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDateOf } from '../../domain/calendar.ts';
import type { Plan } from '../../domain/planning/plan.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { apiFetch, backend, load, testStack } from '../support/stack.ts';

/**
 * The plan at every door, against the real local parts: the CLI's JSON and GET /plan answer the
 * same for the same input (the solver's seconds aside); planners and admins only; a bad
 * parameter names itself; a visit booked from the plan stays fixed in the next plan.
 */
let stack: LocalStack;
const today = londonDateOf(new Date());
const saved = { ...process.env };

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, demoTrusts(today), today);
  await stack.nightlyRun({ asOf: today });
  process.env.DYNAMODB_ENDPOINT = stack.dynamo.endpoint;
  process.env.TABLE_NAME = stack.tableName;
});
afterAll(async () => {
  process.env = { ...saved };
  await stack?.close();
});

type Answer = Plan & { skippedRows: number };
const withoutSeconds = (p: Answer) => ({ ...p, solver: { ...p.solver, seconds: 0 } });
const cliPlan = async (...args: string[]) => {
  const out = await runCli(['plan', '--format', 'json', '--as-of', today, ...args], new Date());
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as Answer;
};
const apiPlan = async (query: string, as?: string) => {
  const res = await apiFetch(stack, `/plan?asOf=${today}${query}`, as ? { as } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
};

describe(`the plan at every door (${backend()})`, () => {
  it('the CLI and the API answer the same plan for the same input', async () => {
    for (const [args, query] of [
      [[], ''],
      [['--capacity', '3', '--weeks', '8'], '&capacity=3&weeks=8'],
      [['--region', 'London', '--capacity', '4'], '&region=London&capacity=4'],
    ] as const) {
      const fromCli = await cliPlan(...args);
      const fromApi = await apiPlan(query);
      expect(withoutSeconds(fromApi)).toEqual(withoutSeconds(fromCli));
      expect(fromApi.visits.length).toBeGreaterThan(0);
    }
    const admin = await apiPlan('', 'admin@example.org');
    expect(admin.visits.length).toBeGreaterThan(0);
  });

  it('is for planners and admins; a bad parameter is a 400 naming it', async () => {
    const holder = await apiFetch(stack, '/plan', { as: 'priya.shah@example.org' });
    expect(holder.status).toBe(403);
    const bad = await apiFetch(stack, '/plan?weeks=0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { field: 'weeks', message: 'weeks: must be at least 1' },
    });
    const nowhere = await apiFetch(stack, '/plan?region=Atlantis');
    expect(nowhere.status).toBe(400);
    expect(await nowhere.json()).toMatchObject({
      error: {
        field: 'region',
        message: expect.stringContaining('no trust is in "Atlantis"; the regions are'),
      },
    });
    // A capacity asked for a region does not make it one.
    const stillNowhere = await apiFetch(stack, '/plan?region=Atlantis&capacity=4');
    expect(stillNowhere.status).toBe(400);
    expect(await stillNowhere.json()).toMatchObject({ error: { field: 'region' } });
    const cli = await runCli(['plan', '--weeks', 'lots']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--weeks: "lots" is not a whole number from 1 to 156');
  });

  it('answers CSV (a row per item) and iCalendar (an event per visit)', async () => {
    const plan = await apiPlan('');
    const csv = parseCsv(await (await apiFetch(stack, `/plan?asOf=${today}&format=csv`)).text(), {
      columns: true,
    }) as Record<string, string>[];
    const planned = plan.visits.flatMap((v) => v.itemIds);
    expect(
      csv
        .filter((r) => r.visitId)
        .map((r) => r.itemId)
        .sort(),
    ).toEqual([...planned].sort());
    expect(
      csv
        .filter((r) => r.notPlanned)
        .map((r) => r.itemId)
        .sort(),
    ).toEqual(plan.notPlanned.map((n) => n.itemId).sort());
    const ics = await (await apiFetch(stack, `/plan?asOf=${today}&format=ics`)).text();
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(plan.visits.length);
    const first = new ICAL.Event(events[0]!);
    expect(first.startDate.toString()).toBe(plan.visits[0]!.week);
    expect(first.summary).toMatch(/^(Proposed|Booked): /);
  });

  it('keeps a visit booked from the plan fixed in its week in the next plan', async () => {
    const plan = await apiPlan('');
    const visit =
      plan.visits.find((v) => !v.fixed && v.week >= today) ??
      plan.visits.find((v) => !v.fixed && addDays(v.week, 4) >= today)!;
    const day = visit.week >= today ? visit.week : today;
    for (const itemId of visit.itemIds) {
      const res = await apiFetch(stack, `/items/${encodeURIComponent(itemId)}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'book',
          expectedVersion: 0,
          on: day,
          note: 'From the plan',
          reason: 'The week the plan proposed',
        }),
      });
      expect(res.status).toBe(200);
    }
    const next = await apiPlan('');
    for (const itemId of visit.itemIds)
      expect(next.visits.find((v) => v.itemIds.includes(itemId))).toMatchObject({
        fixed: true,
        week: visit.week,
        id: `booked/${itemId}`,
      });
  });
});
