import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import type { CqcApiStandIn, Fault } from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { clientFor, STAND_IN_KEY, syncPerTest } from '../support/cqc-stand-in.ts';
import { apiFetch, backend } from '../support/stack.ts';

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
