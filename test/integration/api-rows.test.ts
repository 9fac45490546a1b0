import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { TO_CHECK_GSI2PK, TO_CHECK_SK } from '../../adapters/dynamodb/keys.ts';
import type { LocalStack } from '../../local/stack.ts';
import { nightTrusts } from '../support/night.ts';
import { apiFetch, backend, load, testStack } from '../support/stack.ts';

/**
 * The planner API survives any stored row: a due item of an unknown kind, one whose due date is
 * not a date, a trust to check missing its fields. Each route passes them over, logs them,
 * counts them in its answer, and never answers 500.
 */
const ASOF = '2026-11-23';
let stack: LocalStack;
let good: number;

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, nightTrusts(ASOF), ASOF);
  await stack.nightlyRun({ asOf: ASOF });
  good = (
    (await (await apiFetch(stack, `/due-work?asOf=${ASOF}&within=3650`)).json()) as { items: unknown[] }
  ).items.length;
  const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
  const row = (sk: string, fields: Record<string, unknown>) =>
    client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#RBAD',
          SK: sk,
          type: 'item',
          itemId: sk.slice(5),
          trustId: 'RBAD',
          basisDate: '2025-01-01',
          GSI1PK: 'DUE#2026-12',
          GSI1SK: `2026-12-01#${sk}`,
          ...fields,
        },
      }),
    );
  await row('ITEM#odd-kind', { kind: 'teleportation', dueBy: '2026-12-01' });
  await row('ITEM#odd-date', { kind: 'reinspection', dueBy: 'soon-ish' });
  await client.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: { PK: 'TRUST#RBAD', SK: TO_CHECK_SK, type: 'to-check', GSI2PK: TO_CHECK_GSI2PK, GSI2SK: 'RBAD' },
    }),
  );
});
afterAll(() => stack?.close());

describe(`the API survives any row (${backend()})`, () => {
  for (const format of ['json', 'csv', 'ics'])
    it(`/due-work as ${format}: 200, the good items, the bad rows counted`, async () => {
      const res = await apiFetch(stack, `/due-work?asOf=${ASOF}&within=3650&format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-skipped-rows')).toBe('2');
      const body = await res.text();
      if (format === 'json') {
        const json = JSON.parse(body) as { items: unknown[]; skippedRows: number };
        expect(json.items).toHaveLength(good);
        expect(json.skippedRows).toBe(2);
      }
      expect(body).not.toContain('teleportation');
    });

  it('a page that ends among bad rows still pages on to the good ones', async () => {
    let cursor: string | null = null;
    let seen = 0;
    let pages = 0;
    do {
      const res = await apiFetch(
        stack,
        `/due-work?asOf=${ASOF}&within=3650&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const json = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      seen += json.items.length;
      cursor = json.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toBe(good);
  });

  it('/forecast and /to-check: 200, bad rows counted', async () => {
    const forecast = await apiFetch(stack, `/forecast?asOf=${ASOF}&months=60`);
    expect(forecast.status).toBe(200);
    expect(((await forecast.json()) as { skippedRows: number }).skippedRows).toBe(2);
    const toCheck = await apiFetch(stack, `/to-check`);
    expect(toCheck.status).toBe(200);
    expect(await toCheck.json()).toEqual({ toCheck: [], skippedRows: 1 });
  });

  it("dates are held to the records' years: 2000-2099", async () => {
    for (const path of [
      '/forecast?asOf=9999-01-01&months=60',
      '/due-work?asOf=1999-12-31',
      '/trusts/RM3?asOf=2100-01-01',
    ]) {
      const res = await apiFetch(stack, `${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toMatchObject({ error: { field: 'asOf' } });
    }
    const last = await apiFetch(stack, `/forecast?asOf=2099-12-31&months=60`);
    expect(last.status).toBe(200);
    expect(((await last.json()) as { horizon: { to: string } }).horizon.to).toMatch(/^2104-/);
  });
});
