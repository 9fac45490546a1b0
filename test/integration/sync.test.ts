import { describe, expect, it } from 'vitest';
import type { CqcApiStandIn } from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { clientFor, STAND_IN_KEY, syncPerTest } from '../support/cqc-stand-in.ts';
import { apiFetch, backend, sentEmails } from '../support/stack.ts';

/** The sync from the CQC API, against the stand-in and a real local table. */
const AS_OF = '2026-11-23';
let stack: LocalStack;
let api: CqcApiStandIn;
const sync = syncPerTest(AS_OF, (s, a) => {
  [stack, api] = [s, a];
});

async function dueWork() {
  const res = await apiFetch(stack, `/due-work?within=3650`);
  return (
    (await res.json()) as {
      items: { itemId: string; trustId: string; locationId: string | null; dueBy: string }[];
    }
  ).items;
}

describe(`sync from the CQC API stand-in (${backend()})`, () => {
  it('the first sync is a full reconcile: NHS trusts in with provider-level services, across pages; a second changes nothing', async () => {
    const first = await sync();
    expect(first).toMatchObject({ mode: 'full', status: 'succeeded', problemCount: 0, retiredCount: 0 });
    // RM3, RT2, RW6 (deregistered: passed over) and RZZ; their listed locations.
    expect(first.providersChecked).toBe(4);
    expect(first.created).toBeGreaterThan(10);
    expect(api.requests.some((r) => r.path.includes('/providers?') && r.path.includes('page=2'))).toBe(true);
    const stored = await stack.repos.trustRecords.locations();
    expect([...stored.keys()].sort()).toEqual(['RM3', 'RT2', 'RZZ']);
    expect([...stored.get('RM3')!]).toEqual(['RM317']);
    // RZZ's services are rated at provider level: kept at the trust's own id, due like any other.
    const rzz = (await dueWork()).filter((i) => i.trustId === 'RZZ' && i.itemId.startsWith('reinspection#'));
    expect(rzz.length).toBeGreaterThan(0);
    expect(rzz.every((i) => i.locationId === 'RZZ')).toBe(true);
    expect(
      rzz.find(
        (i) =>
          i.itemId ===
          'reinspection#RZZ#RZZ#Acute wards for adults of working age and psychiatric intensive care units',
      )?.dueBy,
    ).toBe('2026-03-14');
    expect((await stack.repos.syncState.read()).watermark).toBe(first.startedAt);

    const second = await sync();
    expect(second).toMatchObject({ mode: 'incremental', status: 'succeeded', created: 0, updated: 0 });
    expect(second.window?.until).toBe(second.startedAt);
    expect(JSON.stringify([first, second])).not.toContain(STAND_IN_KEY);
  });

  it('a provider no longer NHS, a deregistered location and an unlisted one are retired: gone from /due-work and digests', async () => {
    await sync();
    await stack.nightlyRun({ asOf: AS_OF });
    const get = async (path: string) =>
      (await (
        await fetch(`${api.baseUrl}${path}`, { headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY } })
      ).json()) as Record<string, unknown>;
    /** A night whose fallback recipient is new: handed every open item nobody else holds. */
    const handover = async (to: string) => {
      await stack.makeNightlyRun({ fallbackRecipient: to })({ asOf: AS_OF });
      return (await sentEmails(stack))
        .filter((e) => e.destination.to[0] === to)
        .map((e) => e.body.html ?? '');
    };

    api.put('provider', { ...(await get('/providers/RZZ')), type: 'Independent Healthcare Org' });
    const notNhs = await sync();
    expect(notNhs).toMatchObject({
      mode: 'incremental',
      status: 'succeeded',
      retired: [{ trustId: 'RZZ', locationId: null, reason: 'provider no longer an NHS trust' }],
    });
    expect((await dueWork()).filter((i) => i.trustId === 'RZZ')).toEqual([]);
    const [first] = await handover('planner.one@example.org');
    expect(first).toContain('Royal Oldham');
    expect(first).not.toContain('Exampleshire');

    const rm317 = await get('/locations/RM317');
    api.put('location', { ...rm317, registrationStatus: 'Deregistered', deregistrationDate: '2026-11-20' });
    // RM317 is all RM3 has: held, named, and read again each run until an admin confirms.
    const held = await sync();
    expect(held).toMatchObject({ status: 'completed-with-problems', retired: [], retireHeld: 1 });
    expect(held.problems).toEqual([
      {
        document: '/providers/RM3',
        reason: expect.stringMatching(
          /^would retire all 1 stored location\(s\) of RM3: nothing of this trust was retired; .*sync --allow-mass-retire/,
        ),
        transient: true,
      },
    ]);
    expect((await dueWork()).filter((i) => i.locationId === 'RM317')).not.toEqual([]);
    const deregistered = await sync({ mode: 'incremental', allowMassRetire: true });
    expect(deregistered.retired).toEqual([
      { trustId: 'RM3', locationId: 'RM317', reason: 'location deregistered' },
    ]);
    expect((await dueWork()).filter((i) => i.locationId === 'RM317')).toEqual([]);
    for (const html of await handover('planner.two@example.org')) expect(html).not.toContain('Royal Oldham');

    // Registered again, then no longer listed by RM3: retired as unlisted.
    api.put('location', { ...rm317, registrationStatus: 'Registered' });
    await sync();
    expect([...(await stack.repos.trustRecords.locations()).get('RM3')!]).toEqual(['RM317']);
    api.put('provider', { ...(await get('/providers/RM3')), locationIds: [] });
    const unlisted = await sync({ mode: 'incremental', allowMassRetire: true });
    expect(unlisted.retired).toEqual([
      { trustId: 'RM3', locationId: 'RM317', reason: 'location no longer listed by its provider' },
    ]);
  });

  it('rides out a 429 storm (honouring Retry-After), 5xx and a slow answer; the counts say so', async () => {
    const faults = { throttled: 0, failed: 0, slow: 0 };
    api.injectFaults(({ path }) => {
      // Four 429s in a row on the first list page, every other one with Retry-After: 0.
      if (path.startsWith('/public/v1/providers?') && faults.throttled < 4)
        return faults.throttled++ % 2 ? { status: 429 } : { status: 429, retryAfter: '0' };
      if (path === '/public/v1/providers/RM3' && faults.failed < 3) {
        faults.failed++;
        return { status: faults.failed === 1 ? 500 : 503 };
      }
      if (path === '/public/v1/locations/RM317' && faults.slow < 2) {
        faults.slow++;
        return { delayMs: 300 };
      }
      return null;
    });
    const run = await sync({ mode: 'full' }, clientFor(api.baseUrl, { timeoutMs: 150, maxRetryAfterMs: 20 }));
    expect(run).toMatchObject({ status: 'succeeded', problemCount: 0, throttled: 4, retries: 9 });
    expect(faults).toEqual({ throttled: 4, failed: 3, slow: 2 });
    expect([...(await stack.repos.trustRecords.locations()).get('RM3')!]).toEqual(['RM317']);
  });

  it('a document that fails validation is skipped and named; the rest of its trust goes ahead; the watermark still moves', async () => {
    await sync();
    const rm3 = (await (
      await fetch(`${api.baseUrl}/providers/RM3`, { headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY } })
    ).json()) as Record<string, unknown>;
    const rm317 = (await (
      await fetch(`${api.baseUrl}/locations/RM317`, {
        headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY },
      })
    ).json()) as { currentRatings: { serviceRatings: Record<string, unknown>[] } };
    const bad = structuredClone(rm317) as typeof rm317 & Record<string, unknown>;
    bad.locationId = 'RM399';
    bad.name = 'Made-up Hospital';
    bad.currentRatings.serviceRatings[0]!.reportDate = '1899-01-01';
    api.put('location', bad);
    api.put('provider', { ...rm3, locationIds: ['RM317', 'RM399'] });
    const run = await sync();
    expect(run.status).toBe('completed-with-problems');

    expect(run.problems).toEqual([
      { document: '/locations/RM399', reason: expect.stringContaining('1899-01-01'), transient: false },
    ]);
    expect([...(await stack.repos.trustRecords.locations()).get('RM3')!]).toEqual(['RM317']);
    expect((await stack.repos.syncState.read()).watermark).toBe(run.startedAt);
  });

  it('a core service CQC no longer rates is retired once every document of its provider is read; a gap retires nothing', async () => {
    await sync();
    const get = async (path: string) =>
      (await (
        await fetch(`${api.baseUrl}${path}`, { headers: { 'Ocp-Apim-Subscription-Key': STAND_IN_KEY } })
      ).json()) as Record<string, unknown> & { currentRatings: { serviceRatings: { name: string }[] } };
    const rzz = await get('/providers/RZZ');
    const rzzItems = async () =>
      (await dueWork()).filter((i) => i.itemId.startsWith('reinspection#RZZ#RZZ#'));
    const before = await rzzItems();
    const crisis = 'reinspection#RZZ#RZZ#Mental health crisis services and health-based places of safety';
    expect(before.map((i) => i.itemId)).toContain(crisis);
    const withoutCrisis = {
      ...rzz,
      currentRatings: {
        ...rzz.currentRatings,
        serviceRatings: rzz.currentRatings.serviceRatings.filter((r) => r.name !== 'mhcrisis'),
      },
    };

    // A location of RZZ fails to come through: nothing is taken as withdrawn.
    let failing = true;
    api.injectFaults(({ path }) =>
      failing && path === '/public/v1/locations/RZZ01' ? { status: 500 } : null,
    );
    api.put('provider', withoutCrisis);
    const gap = await sync({ mode: 'incremental' }, clientFor(api.baseUrl, { retries: 0 }));
    expect(gap.retired).toEqual([]);
    expect((await rzzItems()).map((i) => i.itemId)).toContain(crisis);

    // Read whole: the withdrawn rating goes, with its due item; the others stay.
    failing = false;
    const run = await sync({ mode: 'full' });
    expect(run.retired).toEqual([
      {
        trustId: 'RZZ',
        locationId: 'RZZ',
        service: 'Mental health crisis services and health-based places of safety',
        reason: 'core service no longer rated by CQC',
      },
    ]);
    const after = (await rzzItems()).map((i) => i.itemId);
    expect(after).not.toContain(crisis);
    expect(after).toHaveLength(before.length - 1);
  });

  it('a failing API keeps the watermark; an interrupted full reconcile resumes where it stopped', async () => {
    await sync();
    const before = (await stack.repos.syncState.read()).watermark;
    api.injectFaults(({ path }) => (path.startsWith('/public/v1/providers/RM3') ? { status: 500 } : null));
    api.put('provider', {
      providerId: 'RM3',
      name: 'x',
      type: 'NHS Healthcare Organisation',
      registrationStatus: 'Registered',
      locationIds: ['RM317'],
    });
    const failing = await sync();
    expect(failing.status).toBe('completed-with-problems');
    expect(failing.problems[0]).toMatchObject({ document: '/providers/RM3', transient: true });
    expect((await stack.repos.syncState.read()).watermark).toBe(before);
    api.injectFaults(() => null);

    // A full reconcile whose time runs out while RT2 is read (ids in order: RM3, RT2, RW6, RZZ).
    let clock = Date.parse('2026-11-23T01:30:00Z');
    api.injectFaults(({ path }) => {
      if (path === '/public/v1/providers/RT2') clock += 60_000;
      return null;
    });
    const fetched = () =>
      api.requests
        .filter((r) => /^\/public\/v1\/providers\/\w+$/.test(r.path))
        .map((r) => r.path.split('/').pop());
    const already = fetched().length;
    const cut = await stack.syncFrom(
      clientFor(api.baseUrl),
      { mode: 'full', asOf: AS_OF, deadline: Date.parse('2026-11-23T01:30:30Z') },
      { now: () => new Date(clock) },
    );
    expect(cut).toMatchObject({ mode: 'full', status: 'interrupted', providersChecked: 2 });
    expect((await stack.repos.syncState.read()).full).toEqual({
      startedAt: '2026-11-23T01:30:00.000Z',
      after: 'RT2',
    });
    expect((await stack.repos.syncState.read()).watermark).toBe(before);

    // The next run, whatever its mode, finishes that reconcile first: RW6 and RZZ, nothing twice.
    const resumed = await sync();
    expect(resumed).toMatchObject({ mode: 'full', status: 'succeeded', providersChecked: 2 });
    expect(fetched().slice(already)).toEqual(['RM3', 'RT2', 'RW6', 'RZZ']);
    expect(await stack.repos.syncState.read()).toEqual({
      watermark: '2026-11-23T01:30:00.000Z',
      full: null,
      retry: [],
    });
  });

  it('a wrong key stops the run at once, naming the setting and never the key', async () => {
    const wrong = clientFor(api.baseUrl, { apiKey: 'not-the-key-9876' });
    const refused = await sync({ mode: 'full' }, wrong);
    expect(refused).toMatchObject({
      status: 'refused',
      failure: expect.stringMatching(/refused the subscription key \(HTTP 401\): set CQC_API_KEY/),
    });
    const run = await stack.repos.syncState.latestRun();
    expect(run).toMatchObject({ status: 'refused' });
    expect(JSON.stringify(run)).not.toContain('not-the-key-9876');
    expect(wrong.usage.requests).toBe(1);
  });

  it('the sync command: needs the key, prints the run, exits 4 naming a problem, never prints the key', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: stack.dynamo.endpoint,
      TABLE_NAME: stack.tableName,
      CQC_API_BASE_URL: api.baseUrl,
      CQC_API_REQUESTS_PER_MINUTE: '6000',
    });
    try {
      delete process.env.CQC_API_KEY;
      const noKey = await runCli(['sync']);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain(
        'CQC_API_KEY is not set: get a subscription key at https://api-portal.service.cqc.org.uk/',
      );

      process.env.CQC_API_KEY = STAND_IN_KEY;
      const first = await runCli(['sync', '--as-of', AS_OF]);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        /^Sync sync:\S+ \(full\): succeeded\n {2}providers checked 4, documents fetched \d+/,
      );
      expect(`${first.stdout}${first.stderr}`).not.toContain(STAND_IN_KEY);

      api.put('provider', {
        providerId: 'RM3',
        type: 'NHS Healthcare Organisation',
        registrationStatus: 'Registered',
        locationIds: ['RM317'],
        currentRatings: { serviceRatings: [{ name: 'Surgery', rating: 'Good', reportDate: '1899-01-01' }] },
      });
      const problem = await runCli(['sync', '--provider', 'RM3', '--format', 'json']);
      expect(problem.code).toBe(4);
      expect(JSON.parse(problem.stdout)).toMatchObject({
        mode: 'providers',
        problems: [{ document: '/providers/RM3', transient: false }],
      });

      process.env.CQC_API_KEY = 'wrong-key-123';
      const refused = await runCli(['sync', '--full']);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain('refused the subscription key (HTTP 401)');
      expect(refused.stderr).not.toContain('wrong-key-123');
    } finally {
      process.env = saved;
    }
  });
});
