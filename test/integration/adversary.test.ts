import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { actionSk, actionsPk, closedSk, itemSk, revokedPk, trustPk } from '../../adapters/dynamodb/keys.ts';
import { addDays } from '../../domain/calendar.ts';
import type { CqcApiStandIn, Fault } from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { clientFor, STAND_IN_KEY, syncPerTest } from '../support/cqc-stand-in.ts';
import { apiFetch, backend, pageSession, tokenFor } from '../support/stack.ts';

/**
 * A scenario nobody wrote the answer for: real changes at CQC, then nights of syncs against a
 * stand-in that, request by request and by a seeded draw, answers 503s, 429s, a revoked key,
 * redirects to another host, documents that break their schema, runaway paging and oversized
 * bodies, while the table holds malformed rows. After every night: nothing retired, no key
 * elsewhere, no 500 from any route. When the faults stop: every change is in.
 */
const AS_OF = '2026-11-23';
let stack: LocalStack;
let api: CqcApiStandIn;
const sync = syncPerTest(AS_OF, (s, a) => {
  [stack, api] = [s, a];
});

/** A seeded pseudo-random draw in [0, 1) (mulberry32): the same seed, the same nights. */
function draws(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let keySeenElsewhere = 0;
let elsewhere: ReturnType<typeof createServer>;
let otherOrigin: string;
beforeEach(async () => {
  keySeenElsewhere = 0;
  elsewhere = createServer((req, res) => {
    if (req.headers['ocp-apim-subscription-key']) keySeenElsewhere++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      '{"providerId":"RM3","type":"NHS Healthcare Organisation","registrationStatus":"Registered","locationIds":[]}',
    );
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterEach(async () => {
  elsewhere.closeAllConnections();
  await new Promise((resolve) => elsewhere.close(resolve));
});

async function doc(path: string) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY },
  });
  return (await res.json()) as Record<string, unknown>;
}

/** One request's fate, drawn: mostly answered, sometimes one of the faults an adversary would try. */
function adversary(draw: () => number, docs: Record<string, Record<string, unknown>>) {
  return ({ path }: { path: string }): Fault => {
    const r = draw();
    const id = path.split('?')[0]!.split('/').pop()!;
    const isList = path.includes('?');
    if (r < 0.08) return { status: 503 };
    if (r < 0.14) return { status: 429, retryAfter: '0' };
    if (r < 0.17) return { status: 401 };
    if (r < 0.21) return { status: 302, headers: { location: `${otherOrigin}${path}` } };
    if (r < 0.26 && isList)
      return {
        status: 200,
        body: JSON.stringify({ changes: [], providers: [], nextPageUri: `/x?page=${r}` }),
      };
    if (r < 0.3 && !isList && docs[id]) {
      const { locationIds: _l, type: _t, ...broken } = docs[id]!;
      return {
        status: 200,
        body: JSON.stringify(draw() < 0.5 ? broken : { ...docs[id], locationIds: 'RM317' }),
      };
    }
    if (r < 0.32) return { status: 200, body: JSON.stringify({ pad: 'x'.repeat(300_000) }) };
    return null;
  };
}

async function routesAnswer() {
  const statuses: Record<string, number> = {};
  for (const route of [
    '/due-work?within=3650',
    '/due-work?within=3650&format=csv',
    '/due-work?within=3650&format=ics',
    '/forecast?months=60',
    '/tasks',
    '/to-check',
    '/trusts/RM3',
    '/trusts/RZZ',
    '/runs/latest',
  ])
    statuses[route] = (await apiFetch(stack, route, { as: 'admin@example.org' })).status;
  return statuses;
}

describe(`an adversarial CQC API and a table with malformed rows (${backend()})`, () => {
  for (const seed of [1, 7, 2026])
    it(`seed ${seed}: loses no change, retires nothing wrongly, leaks no key, answers no 500`, async () => {
      await sync({ mode: 'full' });
      await stack.nightlyRun({ asOf: AS_OF });
      const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
      for (const [sk, fields] of [
        ['ITEM#bad-kind', { kind: 'teleportation', dueBy: '2026-12-01' }],
        ['ITEM#bad-date', { kind: 'reinspection', dueBy: 'soon' }],
      ] as const)
        await client.send(
          new PutCommand({
            TableName: stack.tableName,
            Item: {
              PK: 'TRUST#RM3',
              SK: sk,
              itemId: sk.slice(5),
              trustId: 'RM3',
              GSI1PK: 'DUE#2026-12',
              GSI1SK: `2026-12-01#${sk}`,
              ...fields,
            },
          }),
        );
      const stored = async () => {
        const locations = await stack.repos.trustRecords.locations();
        return Object.fromEntries([...locations].map(([t, ls]) => [t, [...ls].sort()]));
      };
      const before = await stored();

      // Real changes at CQC, made before the nights: each must reach the table in the end.
      const docs = Object.fromEntries(
        await Promise.all(
          ['RM3', 'RT2', 'RZZ'].map(async (id) => [id, await doc(`/providers/${id}`)] as const),
        ),
      );
      api.put('provider', { ...docs.RM3, name: 'Renamed Care Alliance NHS Foundation Trust' });
      api.put('provider', { ...docs.RZZ, name: 'Exampleshire Partnership (renamed)' });

      api.injectFaults(adversary(draws(seed), docs));
      let met = 0;
      for (let night = 0; night < 4; night++) {
        const run = await sync(
          { mode: night === 2 ? 'full' : 'incremental' },
          clientFor(api.baseUrl, { retries: 1, maxRetryAfterMs: 10, maxDocumentBytes: 200_000 }),
        );
        expect(run.status).not.toBe('failed');
        met += run.problemCount;
        expect(await stored()).toEqual(before);
        expect(JSON.stringify(run)).not.toContain(STAND_IN_KEY);
        expect(Object.values(await routesAnswer()).every((s) => s === 200 || s === 404)).toBe(true);
      }
      expect(keySeenElsewhere).toBe(0);
      expect(met, 'the faults met the sync').toBeGreaterThan(0);

      api.injectFaults(() => null);
      const calm = await sync();
      expect(calm.status).toBe('succeeded');
      expect(await stored()).toEqual(before);
      expect((await stack.repos.trustRecords.read('RM3')).trust?.name).toBe(
        'Renamed Care Alliance NHS Foundation Trust',
      );
      expect((await stack.repos.trustRecords.read('RZZ')).trust?.name).toBe(
        'Exampleshire Partnership (renamed)',
      );
      const statuses = await routesAnswer();
      expect(statuses['/due-work?within=3650']).toBe(200);
      expect(Object.values(statuses).every((s) => s === 200)).toBe(true);
    });
});

describe(`an insider and an outsider against sign-in and actions (${backend()})`, () => {
  it('removed, demoted and signed-out users, damaged rows of every family, a changes page answering 404, actions racing the night: no 500, no history lost or hidden, nothing done by a removed user', async () => {
    await sync({ mode: 'full' });
    await stack.nightlyRun({ asOf: AS_OF });
    const today = new Date().toISOString().slice(0, 10);
    const pool = stack.userPool!;
    const tag = randomUUID().slice(0, 8);
    const [removed, demoted, leaver] = ['removed', 'demoted', 'leaver'].map((w) => `${w}-${tag}@example.org`);
    for (const email of [removed!, demoted!, leaver!]) await tokenFor(pool, email, 'planner');
    const listed = (await (
      await apiFetch(stack, `/due-work?within=3650&asOf=${today}`, { as: 'admin@example.org' })
    ).json()) as { items: { itemId: string; trustId: string; dueBy: string }[] };
    const items = listed.items.slice(0, 6);
    expect(items.length).toBeGreaterThan(3);
    const path = (itemId: string) => `/items/${encodeURIComponent(itemId)}`;
    /** Every (item, version) a record was written for: none may go missing. */
    const written = new Set<string>();
    const act = async (as: string, itemId: string, body: Record<string, unknown>) => {
      const shown = await apiFetch(stack, path(itemId), { as: 'admin@example.org' });
      const version = shown.ok ? ((await shown.json()) as { state: { version: number } }).state.version : 0;
      const res = await apiFetch(stack, `${path(itemId)}/actions`, {
        method: 'POST',
        as,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, expectedVersion: version }),
      });
      if (res.ok) written.add(`${itemId}#${version + 1}`);
      return res.status;
    };
    for (const [i, item] of items.entries())
      expect(await act([removed, demoted, leaver][i % 3]!, item.itemId, { action: 'acknowledge' })).toBe(200);

    // The insiders lose their standing: one removed, one demoted to a holder, one signs out.
    const cookie = await pageSession(stack, leaver!);
    await pool.pool.remove(removed!);
    const removedAt = new Date().toISOString();
    await pool.pool.setRole(demoted!, 'holder');
    await fetch(`${stack.api!.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url, cookie },
    });

    // Damaged rows of each family the routes and the night read.
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
    const put = (Item: Record<string, unknown>) =>
      client.send(new PutCommand({ TableName: stack.tableName, Item }));
    const [first, second, third] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
    await client.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { PK: trustPk(first.trustId), SK: itemSk(first.itemId) },
        UpdateExpression: 'SET stageHistory = :s, told = :t, itemState = :i',
        ExpressionAttributeValues: { ':s': 'never', ':t': ['x'], ':i': { version: 'one' } },
      }),
    );
    await put({
      PK: actionsPk(second.trustId),
      SK: actionSk(second.itemId, 2),
      itemId: second.itemId,
      state: 7,
    });
    written.add(`${second.itemId}#2`);
    await put({
      PK: trustPk(third.trustId),
      SK: closedSk('reinspection#X#Y#Z'),
      type: 'closed-item',
      item: 'gone',
    });
    await put({ PK: revokedPk('not-a-token'), SK: 'REVOKED', expiresAt: 'soon' });
    const damagedRun = {
      PK: 'META',
      SK: 'LATEST-RUN',
      runId: 'damaged',
      problems: 'many',
      problemCount: 'x',
    };

    // A changes page that answers 404: named, the watermark held.
    const watermark = (await stack.repos.syncState.read()).watermark;
    api.injectFaults(({ path: p }) =>
      p.startsWith('/public/v1/changes/') && p.includes('page=2') ? { status: 404 } : null,
    );
    for (const id of ['RM3', 'RT2']) {
      const doc = (await (
        await fetch(`${api.baseUrl}/providers/${id}`, {
          headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY },
        })
      ).json()) as Record<string, unknown>;
      api.put('provider', { ...doc, name: `${doc.name} (renamed)` });
    }
    const faulted = await sync({ mode: 'incremental' });
    expect(faulted.problems.map((p) => p.reason).join()).toContain('HTTP 404');
    expect((await stack.repos.syncState.read()).watermark).toBe(watermark);
    api.injectFaults(() => null);

    // Actions racing the night: an admin books while the night runs.
    let raced = false;
    await stack.makeNightlyRun({
      afterTrust: async () => {
        if (raced) return;
        raced = true;
        expect(
          await act('admin@example.org', third.itemId, {
            action: 'book',
            on: addDays(today, 10),
            reason: 'x',
          }),
        ).toBe(200);
      },
    })({ asOf: AS_OF });

    // What the insiders can still do: nothing as the removed, no waiving as the demoted, nothing signed out.
    expect(await act(removed!, second.itemId, { action: 'acknowledge' })).toBe(401);
    expect(await act(demoted!, second.itemId, { action: 'waive', waiverReason: 'duplicate' })).toBe(403);
    const token = decodeURIComponent(cookie.split('=')[1]!);
    const signedOut = await fetch(`${stack.api!.url}${path(second.itemId)}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'acknowledge', expectedVersion: 0 }),
    });
    expect(signedOut.status).toBe(401);
    expect(await act('admin@example.org', second.itemId, { action: 'acknowledge' })).toBe(200);

    // After the round: no route answers 500; every record written is there, read or named unreadable.
    const admin = await pageSession(stack, 'admin@example.org');
    const trusts = [...new Set(items.map((i) => i.trustId))];
    const seen = new Set<string>();
    for (const trustId of trusts) {
      for (const route of [`/trusts/${trustId}`, `/trusts/${trustId}/actions?format=csv`])
        expect((await apiFetch(stack, route, { as: 'admin@example.org' })).status, route).toBe(200);
      const history = (await (
        await apiFetch(stack, `/trusts/${trustId}/actions`, { as: 'admin@example.org' })
      ).json()) as {
        actions: { itemId: string; version: number; by: string; at: string }[];
        unreadable: { itemId: string; version: number }[];
      };
      for (const r of [...history.actions, ...history.unreadable]) seen.add(`${r.itemId}#${r.version}`);
      expect(history.actions.filter((a) => a.by === removed && a.at > removedAt)).toEqual([]);
      for (const page of [`/web/trusts/${trustId}`, `/web/trusts/${trustId}/actions.csv`])
        expect((await fetch(`${stack.api!.url}${page}`, { headers: { cookie: admin } })).status, page).toBe(
          200,
        );
    }
    for (const item of items) {
      expect((await apiFetch(stack, path(item.itemId), { as: 'admin@example.org' })).status).toBe(200);
      expect(
        (await fetch(`${stack.api!.url}/web${path(item.itemId)}`, { headers: { cookie: admin } })).status,
      ).toBe(200);
    }
    expect([...written].filter((k) => !seen.has(k))).toEqual([]);
    // A damaged record of the latest run: its page and route still answer.
    await put(damagedRun);
    expect((await fetch(`${stack.api!.url}/web/runs`, { headers: { cookie: admin } })).status).toBe(200);
    expect((await apiFetch(stack, '/runs/latest', { as: 'admin@example.org' })).status).toBe(200);
    expect(Object.values(await routesAnswer()).every((s) => s !== 500)).toBe(true);
    const night = await stack.nightlyRun({ asOf: addDays(AS_OF, 1) });
    expect(night.status).not.toBe('failed');
  });
});
