import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CqcApiStandIn } from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { clientFor, STAND_IN_KEY, syncPerTest } from '../support/cqc-stand-in.ts';
import { backend } from '../support/stack.ts';

/**
 * The sync under faults an adversary would try: documents that break their schema, a revoked
 * key, 503s, redirects to another host, runaway paging, oversized documents and a deadline.
 * Each case loses no change, retires nothing on bad evidence and leaks no key.
 */
const AS_OF = '2026-11-23';
let stack: LocalStack;
let api: CqcApiStandIn;
const sync = syncPerTest(AS_OF, (s, a) => {
  [stack, api] = [s, a];
});

async function doc(path: string) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY },
  });
  return (await res.json()) as Record<string, unknown>;
}

const locationsOf = async (trustId: string) =>
  [...((await stack.repos.trustRecords.locations()).get(trustId) ?? [])].sort();

describe(`the sync never infers a withdrawal from missing or malformed data (${backend()})`, () => {
  it('a provider document without locationIds, with them of the wrong type, or without its type, retires nothing and is named', async () => {
    await sync();
    expect(await locationsOf('RM3')).toEqual(['RM317']);
    const { locationIds: _gone, ...rm3 } = await doc('/providers/RM3');
    api.put('provider', rm3);
    const { type: _type, ...rzz } = await doc('/providers/RZZ');
    api.put('provider', rzz);
    api.put('provider', { ...(await doc('/providers/RT2')), locationIds: 'RT203' });

    const run = await sync();
    expect(run).toMatchObject({ status: 'completed-with-problems', retired: [], retiredCount: 0 });
    expect(run.problems).toEqual(
      expect.arrayContaining([
        {
          document: '/providers/RM3',
          reason:
            'incomplete provider document (locationIds: missing): nothing of this provider is retired or changed in this run',
          transient: false,
        },
        {
          document: '/providers/RZZ',
          reason: expect.stringContaining('incomplete provider document (type: missing)'),
          transient: false,
        },
        {
          document: '/providers/RT2',
          reason: expect.stringContaining('(locationIds: expected a list of location ids, got string)'),
          transient: false,
        },
      ]),
    );
    expect(await locationsOf('RM3')).toEqual(['RM317']);
    expect(await locationsOf('RZZ')).toEqual(['RZZ']);
    expect([...(await stack.repos.trustRecords.locations()).keys()].sort()).toEqual(['RM3', 'RT2', 'RZZ']);
  });

  it('retiring more than 20% of the stored trusts in one run is held and named; --allow-mass-retire confirms it', async () => {
    await sync();
    for (const id of ['RM3', 'RZZ'])
      api.put('provider', { ...(await doc(`/providers/${id}`)), type: 'Independent Healthcare Org' });
    const held = await sync();
    expect(held).toMatchObject({ status: 'completed-with-problems', retired: [], retireHeld: 1 });
    expect(held.problems).toEqual([
      {
        document: 'this run',
        reason: expect.stringMatching(
          /^would retire 2 of 3 stored trusts \(RM3, RZZ\), over 20%: none was retired/,
        ),
        transient: true,
      },
    ]);
    // Held, the watermark waits: the run that confirms reads the same changes.
    expect((await stack.repos.syncState.read()).watermark).not.toBe(held.window?.until);
    expect([...(await stack.repos.trustRecords.locations()).keys()].sort()).toEqual(['RM3', 'RT2', 'RZZ']);

    const confirmed = await sync({ mode: 'incremental', allowMassRetire: true });
    expect(confirmed.retired.map((r) => r.trustId).sort()).toEqual(['RM3', 'RZZ']);
    expect([...(await stack.repos.trustRecords.locations()).keys()]).toEqual(['RT2']);
  });

  it('the share is configured (SYNC_MAX_RETIRE_SHARE): at 0.7, two of three trusts go without confirmation', async () => {
    await sync();
    for (const id of ['RM3', 'RZZ'])
      api.put('provider', { ...(await doc(`/providers/${id}`)), type: 'Independent Healthcare Org' });
    const run = await sync({ mode: 'incremental', maxTrustShare: 0.7 });
    expect(run).toMatchObject({ status: 'succeeded', retireHeld: 0 });
    expect(run.retired.map((r) => r.trustId).sort()).toEqual(['RM3', 'RZZ']);
  });
});

describe(`the watermark moves only over what was read (${backend()})`, () => {
  it('a key revoked mid-run stops the run at once, moves nothing, and the change is read once the key works', async () => {
    await sync();
    const watermark = (await stack.repos.syncState.read()).watermark;
    const rm3 = await doc('/providers/RM3');
    api.put('provider', { ...rm3, name: 'Northern Care Alliance NHS Foundation Trust (renamed)' });
    let revoked = true;
    api.injectFaults(({ path }) =>
      revoked && path.startsWith('/public/v1/providers/') ? { status: 401 } : null,
    );
    const refused = await sync();
    expect(refused).toMatchObject({ status: 'refused', providersChecked: 1, updated: 0 });
    expect(refused.failure).toContain('refused the subscription key (HTTP 401)');
    expect(await stack.repos.syncState.read()).toMatchObject({ watermark, full: null });
    expect(JSON.stringify(refused)).not.toContain(STAND_IN_KEY);

    revoked = false;
    const next = await sync();
    expect(next).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    expect(next.updated).toBeGreaterThan(0);
  });

  it('a full reconcile that cannot read a provider keeps it for the next run, which reads its change', async () => {
    // RZZ changed three hours ago, before this reconcile and outside the next run's overlap.
    const rzz = await doc('/providers/RZZ');
    api.put('provider', { ...rzz, name: 'Exampleshire Partnership (renamed)' }, Date.now() - 3 * 3600_000);
    api.injectFaults(({ path }) => (path === '/public/v1/providers/RZZ' ? { status: 503 } : null));
    const full = await sync({ mode: 'full' }, clientFor(api.baseUrl, { retries: 2 }));
    expect(full).toMatchObject({ mode: 'full', status: 'completed-with-problems', retry: ['RZZ'] });
    expect(full.problems).toEqual([
      { document: '/providers/RZZ', reason: expect.stringContaining('HTTP 503'), transient: true },
    ]);
    expect((await stack.repos.syncState.read()).retry).toEqual(['RZZ']);
    expect(await stack.repos.trustRecords.locations()).not.toContain('RZZ');

    api.injectFaults(() => null);
    const next = await sync();
    expect(next).toMatchObject({ mode: 'incremental', status: 'succeeded', retry: [] });
    expect(next.created).toBeGreaterThan(0);
    expect((await stack.repos.trustRecords.read('RZZ')).trust?.name).toBe(
      'Exampleshire Partnership (renamed)',
    );
    expect((await stack.repos.syncState.read()).retry).toEqual([]);
  });
});

describe('the key stays with CQC, and every read is bounded', () => {
  it('a redirect to another host is not followed: the other host never sees the key', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ providerId: 'RM3' }));
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    try {
      api.injectFaults(({ path }) =>
        path === '/public/v1/providers/RM3'
          ? { status: 302, headers: { location: `${other}/public/v1/providers/RM3` } }
          : // A redirect within the API's own origin is followed.
            path === '/public/v1/providers/RT2'
            ? { status: 301, headers: { location: '/public/v1/providers/RT2?followed=1' } }
            : null,
      );
      const run = await sync({ mode: 'full' });
      expect(seen).toEqual([]);
      expect(run.problems).toEqual([
        {
          document: '/providers/RM3',
          reason: expect.stringContaining('a redirect to another host'),
          transient: false,
        },
      ]);
      expect(api.requests.some((r) => r.path === '/public/v1/providers/RT2?followed=1')).toBe(true);
    } finally {
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it('a runaway listing (a new next page every time, each empty) is cut and named; the watermark waits', async () => {
    await sync();
    const watermark = (await stack.repos.syncState.read()).watermark;
    let pages = 0;
    api.injectFaults(({ path }) => {
      if (!path.startsWith('/public/v1/changes/provider')) return null;
      pages++;
      return {
        status: 200,
        body: JSON.stringify({
          changes: [],
          nextPageUri: `/changes/provider?page=${pages + 1}&r=${Math.random()}`,
        }),
      };
    });
    const run = await sync();
    expect(pages).toBe(1);
    expect(run.status).toBe('completed-with-problems');
    expect(run.problems).toEqual([
      {
        document: expect.stringContaining('/changes/provider?page=2'),
        reason: expect.stringContaining('an empty list page links to a next page'),
        transient: true,
      },
    ]);
    expect((await stack.repos.syncState.read()).watermark).toBe(watermark);
  });

  it('a changes page answering 404 is a named problem, not the end of the list: the watermark waits and the change is read next run (issue 24, finding 7)', async () => {
    await sync();
    const watermark = (await stack.repos.syncState.read()).watermark;
    const [rm3, rt2] = [await doc('/providers/RM3'), await doc('/providers/RT2')];
    api.put('provider', { ...rm3, name: 'Renamed One NHS Foundation Trust' });
    api.put('provider', { ...rt2, name: 'Renamed Two NHS Foundation Trust' });
    let missing = true;
    api.injectFaults(({ path }) =>
      missing && path.startsWith('/public/v1/changes/provider') && path.includes('page=2')
        ? { status: 404 }
        : null,
    );
    // One change a page: the second change sits on page 2.
    const run = await sync({ mode: 'incremental' }, clientFor(api.baseUrl, { perPage: 1 }));
    expect(run.status).toBe('completed-with-problems');
    expect(run.problems).toEqual([
      expect.objectContaining({
        document: expect.stringContaining('/changes/provider?'),
        reason: expect.stringContaining('HTTP 404'),
      }),
    ]);
    expect((await stack.repos.syncState.read()).watermark).toBe(watermark);

    missing = false;
    const next = await sync({ mode: 'incremental' }, clientFor(api.baseUrl, { perPage: 1 }));
    expect(next.status).toBe('succeeded');
    expect((await stack.repos.trustRecords.read('RM3')).trust?.name).toBe('Renamed One NHS Foundation Trust');
    expect((await stack.repos.trustRecords.read('RT2')).trust?.name).toBe('Renamed Two NHS Foundation Trust');
  });

  it('a listing past the page cap is cut and named', async () => {
    // Pages of one: the stand-in's four NHS providers under H1..H9 need more than two pages.
    const run = await sync({ mode: 'full' }, clientFor(api.baseUrl, { maxPages: 1 }));
    expect(run.problems.some((p) => p.reason.includes('ran past 1 pages') && p.transient)).toBe(true);
    expect((await stack.repos.syncState.read()).watermark).toBeNull();
  });

  it('a document over the size cap is refused by name, and its trust keeps what it has', async () => {
    await sync();
    api.put('location', { ...(await doc('/locations/RM317')), padding: 'x'.repeat(300_000) });
    const run = await sync({ mode: 'incremental' }, clientFor(api.baseUrl, { maxDocumentBytes: 200_000 }));
    expect(run.problems).toEqual([
      {
        document: '/locations/RM317',
        reason: 'the document is over 200000 bytes: refused unread',
        transient: false,
      },
    ]);
    expect(await locationsOf('RM3')).toEqual(['RM317']);
  });

  it('the deadline stops a run inside a retry wait, not only between providers', async () => {
    await sync();
    api.put('provider', await doc('/providers/RM3'));
    api.injectFaults(({ path }) =>
      path === '/public/v1/providers/RM3' ? { status: 429, retryAfter: '50' } : null,
    );
    const before = api.requests.length;
    const started = Date.now();
    const run = await sync(
      { mode: 'incremental', deadline: started + 300 },
      clientFor(api.baseUrl, { maxRetryAfterMs: 60_000, retries: 6 }),
    );
    expect(run.status).toBe('interrupted');
    // Stopped in its first 50-second wait: one request to RM3.
    expect(api.requests.slice(before).filter((r) => r.path === '/public/v1/providers/RM3')).toHaveLength(1);
    expect((await stack.repos.syncState.read()).watermark).not.toBe(run.window?.until);
  });
});
