import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { LOCAL_PASSWORD } from '../../local/cognito.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { backend, load, testStack, tokenFor } from '../support/stack.ts';

/**
 * Calendar feeds: a secret address per user, made on the calendar page, serving the owner's due
 * work by their role now; a new address or turning it off stops the old one at once, and so
 * does removing the user. The table keeps only the secret's hash.
 */
const ASOF = '2026-11-23';
let stack: LocalStack;
const HOLDER = 'feed.holder@example.org';

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  const trusts = demoTrusts(ASOF);
  trusts[0]!.relationshipHolder = { name: 'Feed Holder', email: HOLDER };
  await load(stack, trusts, ASOF);
  await tokenFor(stack.userPool!, HOLDER, 'holder');
  await tokenFor(stack.userPool!, 'planner@example.org');
});
afterAll(() => stack?.close());

async function session(email: string): Promise<string> {
  const res = await fetch(`${stack.api!.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url },
    body: new URLSearchParams({ email, password: LOCAL_PASSWORD }).toString(),
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function calendar(cookie: string, action: 'create' | 'revoke'): Promise<string | null> {
  const res = await fetch(`${stack.api!.url}/web/calendar`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url, cookie },
    body: `action=${action}`,
  });
  const html = await res.text();
  return /<code class="app-address">([^<]+)<\/code>/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
}

const trustsIn = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics))
    .getAllSubcomponents('vevent')
    .map((e) => String(e.getFirstPropertyValue('description')));

describe(`calendar feeds (${backend()})`, () => {
  it("serves the owner's due work at a secret address; the table keeps only its hash", async () => {
    const cookie = await session(HOLDER);
    const address = (await calendar(cookie, 'create'))!;
    expect(address).toMatch(new RegExp(`^${stack.api!.url}/feeds/[0-9a-f-]{36}\\.ics\\?key=[\\w-]{43}$`));
    expect(address).not.toContain('@');
    const res = await fetch(address);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const events = trustsIn(await res.text());
    expect(events.length).toBeGreaterThan(0);
    // A holder's feed: their trust only.
    for (const d of events) expect(d).toContain('Riverside Teaching Hospitals');

    const key = new URL(address).searchParams.get('key')!;
    const rows = await makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint }).send(
      new ScanCommand({ TableName: stack.tableName }),
    );
    expect(JSON.stringify(rows.Items)).not.toContain(key);
    // The page says a feed exists, and does not show its address again.
    const page = await (await fetch(`${stack.api!.url}/web/calendar`, { headers: { cookie } })).text();
    expect(page).toContain('You have a feed');
    expect(page).not.toContain(key);
  });

  it('a new address stops the old one; turning it off stops both; a wrong key gets nothing', async () => {
    const cookie = await session(HOLDER);
    const first = (await calendar(cookie, 'create'))!;
    const second = (await calendar(cookie, 'create'))!;
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
    const wrong = new URL(second);
    wrong.searchParams.set('key', 'A'.repeat(43));
    expect((await fetch(wrong)).status).toBe(404);
    await calendar(cookie, 'revoke');
    expect((await fetch(second)).status).toBe(404);
  });

  it("a removed user's feed stops; a planner's carries every trust", async () => {
    const planner = (await calendar(await session('planner@example.org'), 'create'))!;
    const events = trustsIn(await (await fetch(planner)).text());
    for (const trust of ['Riverside Teaching Hospitals', 'Northfield Mental Health'])
      expect(events.some((d) => d.includes(trust))).toBe(true);
    const leaver = 'feed.leaver@example.org';
    await tokenFor(stack.userPool!, leaver, 'holder');
    const address = (await calendar(await session(leaver), 'create'))!;
    expect((await fetch(address)).status).toBe(200);
    await stack.userPool!.pool.remove(leaver);
    expect((await fetch(address)).status).toBe(404);
  });
});
