import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi.ts';
import { ROUTES } from '../../api/routes/index.ts';
import { addDays } from '../../domain/calendar.ts';
import { dueItemSchema, itemIdOf } from '../../domain/due-item.ts';
import { evaluate, selectItems, sortItems } from '../../domain/evaluate.ts';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import { RATINGS } from '../../domain/ratings.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { LocalStack } from '../../local/stack.ts';
import { nightTrusts } from '../support/night.ts';
import { apiFetch, backend, load, testStack } from '../support/stack.ts';

const ASOF = '2026-11-23';
const ADMIN = 'admin@example.org';
const REGIONS = ['London', 'North West', 'South West'];

/** 40 generated trusts of 8 services, report dates spread so every stage and many months occur. */
function seededTrusts(): TrustRecord[] {
  const trusts: TrustRecord[] = nightTrusts(ASOF);
  for (let t = 0; t < 40; t++) {
    trusts.push({
      trustId: `G${String(t).padStart(2, '0')}`,
      name: `Generated Trust ${t}`,
      sector: 'acute',
      region: REGIONS[t % 3]!,
      relationshipHolder:
        t % 4 === 0 ? null : { name: `Holder ${t % 5}`, email: `holder${t % 5}@example.org` },
      coreServices: Array.from({ length: 8 }, (_, s) => ({
        locationId: `G${t}L${Math.floor(s / 4)}`,
        locationName: `Hospital ${t}-${Math.floor(s / 4)}`,
        service: ['Surgery', 'Maternity', 'Critical care', 'Outpatients'][s % 4]!,
        rating: RATINGS[(t + s) % 4]!,
        reportPublishedOn: addDays('2021-06-01', (t * 37 + s * 101) % 1900),
      })),
      wellLedInspections: [],
      providerInformationRequests: [],
    });
  }
  return trusts;
}

let stack: LocalStack;
let trusts: TrustRecord[];

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  trusts = seededTrusts();
  await load(stack, trusts, ASOF);
  await stack.nightlyRun({ asOf: ASOF });
});
afterAll(() => stack?.close());

async function get(path: string, headers: Record<string, string> = {}, as?: string | null) {
  const res = await apiFetch(stack, path, { headers, ...(as === undefined ? {} : { as }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** What the rules say is due within N days of as-of: the answer the API must give. */
function expectedIds(
  within: number,
  asOf = ASOF,
  filter: (i: ReturnType<typeof evaluate>['items'][number]) => boolean = () => true,
) {
  const { items } = evaluate(trusts, asOf, DEFAULT_POLICY);
  return sortItems(selectItems(items, { mode: 'within', days: within }))
    .filter(filter)
    .map(itemIdOf)
    .sort();
}

async function allPages(query: string, limit: number) {
  const items: { itemId: string; dueBy: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await get(
      `/due-work?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    const body = page.json();
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 500);
  return { items, pages };
}

describe(`planner API over the local HTTP adapter (${backend()})`, () => {
  it('GET /due-work answers what the rules say is due within 90 days, overdue included, sorted by due date', async () => {
    const res = await get(`/due-work?asOf=${ASOF}&limit=1000`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = res.json();
    expect(body.asOf).toBe(ASOF);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(expectedIds(90));
    const dues = body.items.map((i: { dueBy: string }) => i.dueBy);
    expect(dues).toEqual([...dues].sort());
    expect(body.items.some((i: { stage: string }) => i.stage === 'overdue')).toBe(true);
    const surgery = body.items.find((i: { itemId: string }) => i.itemId === 'reinspection#TA#TA1#Surgery');
    expect(surgery).toEqual({
      itemId: 'reinspection#TA#TA1#Surgery',
      kind: 'reinspection',
      trustId: 'TA',
      trustName: 'Trust A',
      region: 'London',
      locationId: 'TA1',
      locationName: 'A Hospital',
      service: 'Surgery',
      rating: 'Inadequate',
      reference: null,
      basisDate: '2025-11-13',
      dueBy: '2026-11-13',
      daysRemaining: -10,
      stage: 'overdue',
      relationshipHolder: { name: 'Alex Holder', email: 'alex.holder@example.org' },
      status: 'open',
      bookedFor: null,
      deferredUntil: null,
      waiverReason: null,
      acknowledgedBy: null,
    });
  });

  it('month= answers one month of the index (a forecast bar): every item due in it and nothing else, paged alike', async () => {
    const { items } = evaluate(trusts, ASOF, DEFAULT_POLICY);
    const months = [...new Set(items.map((i) => i.dueBy.slice(0, 7)))].sort();
    for (const month of [months[0]!, months[Math.floor(months.length / 2)]!]) {
      const inMonth = items
        .filter((i) => i.dueBy.startsWith(month))
        .map(itemIdOf)
        .sort();
      expect(inMonth.length).toBeGreaterThan(0);
      const { items: paged } = await allPages(`asOf=${ASOF}&month=${month}`, 2);
      expect(paged.map((i) => i.itemId).sort()).toEqual(inMonth);
      expect(paged.every((i) => i.dueBy.startsWith(month))).toBe(true);
    }
    const bad = await get('/due-work?month=2027-13');
    expect(bad.status).toBe(400);
    expect(bad.json().error.field).toBe('month');
  });

  it('view=queue answers what needs action: alert stages only, and nothing people acted on', async () => {
    const body = (await get(`/due-work?asOf=${ASOF}&view=queue&limit=1000`)).json();
    const alerts = expectedIds(3650, ASOF, (i) => i.stage !== 'scheduled');
    expect(body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(alerts);
  });

  it('computes stage and days remaining for the asked as-of date', async () => {
    const later = addDays(ASOF, 30);
    const body = (await get(`/due-work?asOf=${later}&within=10&limit=1000`)).json();
    expect(body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(expectedIds(10, later));
    const surgery = body.items.find((i: { itemId: string }) => i.itemId === 'reinspection#TA#TA1#Surgery');
    expect(surgery).toMatchObject({ daysRemaining: -40, stage: 'overdue' });
  });

  it.each([
    [
      'kind=report,planning-meeting',
      (i: { kind: string }) => ['report', 'planning-meeting'].includes(i.kind),
    ],
    ['stage=urgent', (i: { stage: string }) => i.stage === 'urgent'],
    ['stage=overdue,due-soon', (i: { stage: string }) => ['overdue', 'due-soon'].includes(i.stage)],
    ['trustId=G07', (i: { trustId: string }) => i.trustId === 'G07'],
    ['region=North%20West', (i: { region: string | null }) => i.region === 'North West'],
    [
      'holder=HOLDER2@example.org',
      (i: { relationshipHolder: { email: string } | null }) =>
        i.relationshipHolder?.email === 'holder2@example.org',
    ],
  ] as const)('filters: %s', async (query, keep) => {
    const body = (await get(`/due-work?asOf=${ASOF}&within=365&limit=1000&${query}`)).json();
    const expected = expectedIds(365, ASOF, keep as never);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(expected);
  });

  it('paging through every page returns each item once, in order', async () => {
    const all = (await get(`/due-work?asOf=${ASOF}&within=1500&limit=1000`))
      .json()
      .items.map((i: { itemId: string }) => i.itemId);
    expect(all.length).toBeGreaterThan(200);
    const paged = await allPages(`asOf=${ASOF}&within=1500`, 7);
    expect(paged.pages).toBe(Math.ceil(all.length / 7));
    expect(paged.items.map((i) => i.itemId)).toEqual(all);
    expect(new Set(paged.items.map((i) => i.itemId)).size).toBe(all.length);
    // With a stage filter too (the filter applies before the page is cut).
    const urgent = await allPages(`asOf=${ASOF}&within=1500&stage=urgent`, 3);
    expect(urgent.items.map((i) => i.itemId).sort()).toEqual(
      expectedIds(1500, ASOF, (i) => i.stage === 'urgent'),
    );
  });

  it('CSV (format=csv or Accept: text/csv) parses back to the same rows, as a download', async () => {
    const jsonItems = (await get(`/due-work?asOf=${ASOF}&limit=1000`)).json().items;
    for (const res of [
      await get(`/due-work?asOf=${ASOF}&limit=1000&format=csv`),
      await get(`/due-work?asOf=${ASOF}&limit=1000`, { accept: 'text/csv' }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="due-work-${ASOF}.csv"`);
      const rows: Record<string, string>[] = parseCsv(res.text, { columns: true });
      expect(
        rows.map((r) => [r.itemId, r.dueBy, r.daysRemaining, r.stage, r.service, r.relationshipHolderEmail]),
      ).toEqual(
        jsonItems.map((i: Record<string, any>) => [
          i.itemId,
          i.dueBy,
          String(i.daysRemaining),
          i.stage,
          i.service ?? '',
          i.relationshipHolder?.email ?? '',
        ]),
      );
    }
  });

  it('iCalendar: one all-day VEVENT per item on the day it is to be done (its due date; overdue work today), with a stable UID, valid for a calendar library', async () => {
    const jsonItems = (await get(`/due-work?asOf=${ASOF}&limit=1000`)).json().items;
    const res = await get(`/due-work?asOf=${ASOF}&limit=1000`, { accept: 'text/calendar' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const events = new ICAL.Component(ICAL.parse(res.text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(jsonItems.length);
    events.forEach((event, k) => {
      expect(event.startDate.isDate).toBe(true);
      const day = jsonItems[k].stage === 'overdue' ? ASOF : jsonItems[k].dueBy;
      expect(event.startDate.toString()).toBe(day);
      expect(event.endDate.toString()).toBe(addDays(day, 1));
    });
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // The same item keeps its UID on another day, when its stage and summary have changed.
    const later = await get(`/due-work?asOf=${addDays(ASOF, 20)}&within=70&format=ics&trustId=TA`);
    const uidsLater = new ICAL.Component(ICAL.parse(later.text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    const surgeryNow =
      events[jsonItems.findIndex((i: { itemId: string }) => i.itemId === 'reinspection#TA#TA1#Surgery')]!;
    expect(uidsLater.find((e) => e.uid === surgeryNow.uid)?.summary).toContain('Overdue since');
  });

  it('GET /forecast: counts per month ahead, overdue in its own bucket, summing to the due-work count', async () => {
    for (const groupBy of ['kind', 'region', 'holder']) {
      const f = (await get(`/forecast?asOf=${ASOF}&months=12&groupBy=${groupBy}`)).json();
      expect(f.buckets.map((b: { period: string }) => b.period)).toEqual([
        'overdue',
        '2026-11',
        '2026-12',
        '2027-01',
        '2027-02',
        '2027-03',
        '2027-04',
        '2027-05',
        '2027-06',
        '2027-07',
        '2027-08',
        '2027-09',
        '2027-10',
      ]);
      expect(f.horizon).toEqual({ from: ASOF, to: '2027-10-31', withinDays: 342 });
      const due = (await get(`/due-work?asOf=${ASOF}&within=${f.horizon.withinDays}&limit=1000`)).json();
      expect(f.total).toBe(due.items.length);
      expect(f.buckets.reduce((n: number, b: { total: number }) => n + b.total, 0)).toBe(f.total);
      for (const b of f.buckets)
        expect(Object.values(b.groups as Record<string, number>).reduce((n, v) => n + v, 0)).toBe(b.total);
      const overdue = due.items.filter((i: { stage: string }) => i.stage === 'overdue').length;
      expect(f.buckets[0].total).toBe(overdue);
    }
  });

  it('GET /tasks lists the report tasks the nightly job raised, by status and trust', async () => {
    const open = (await get('/tasks?status=open')).json();
    expect(
      open.tasks.map((t: { trustId: string; inspectionId: string }) => `${t.trustId}/${t.inspectionId}`),
    ).toEqual(['TA/WL-A']);
    expect((await get('/tasks?trustId=TB')).json().tasks).toEqual([]);
    expect((await get('/tasks?status=closed')).json().tasks).toEqual([]);
  });

  it('GET /trusts/{trustId}: the trust, its core services with due dates, open tasks and holder; 404 for an unknown trust', async () => {
    const res = await get(`/trusts/TA?asOf=${ASOF}`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.trust).toEqual({
      trustId: 'TA',
      name: 'Trust A',
      sector: 'acute',
      region: 'London',
      relationshipHolder: { name: 'Alex Holder', email: 'alex.holder@example.org' },
      toCheck: null,
      checked: null,
    });
    expect(
      body.coreServices.map((cs: Record<string, unknown>) => [cs.service, cs.rating, cs.dueBy, cs.stage]),
    ).toEqual([
      ['Maternity', 'Good', '2027-09-18', 'scheduled'],
      ['Surgery', 'Inadequate', '2026-11-13', 'overdue'],
    ]);
    expect(body.openTasks.map((t: { inspectionId: string }) => t.inspectionId)).toEqual(['WL-A']);

    const missing = await get('/trusts/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'no trust with id "NOPE"', field: 'trustId' },
    });
  });

  it('GET /runs/latest and GET /health', async () => {
    const run = (await get('/runs/latest', {}, ADMIN)).json();
    expect(run).toMatchObject({ runId: `manual:${ASOF}`, status: 'succeeded', asOf: ASOF });
    expect(run.PK).toBeUndefined();
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
  });

  it('GET /runs/latest is the run that started last, not the highest run id', async () => {
    // A scheduled run for an earlier date, started later: its id sorts before "manual:…".
    const scheduled = await stack.nightlyRun({ scheduledTime: '2026-11-22T02:30:00Z' });
    expect(scheduled.status).toBe('succeeded');
    expect((await get('/runs/latest', {}, ADMIN)).json()).toMatchObject({
      runId: '2026-11-22T02:30:00.000Z',
    });
    await stack.nightlyRun({ asOf: ASOF });
    expect((await get('/runs/latest', {}, ADMIN)).json()).toMatchObject({ runId: `manual:${ASOF}` });
  });

  it('GET /runs lists nightly runs and syncs newest first by start time, each found again at /runs/{runId}; admins only', async () => {
    const syncStarted = new Date(Date.now() + 60_000).toISOString();
    await stack.repos.syncState.putRun(
      {
        runId: `sync:${syncStarted}`,
        mode: 'incremental',
        status: 'completed-with-problems',
        asOf: ASOF,
        startedAt: syncStarted,
        finishedAt: syncStarted,
        documentsFetched: 4,
        created: 1,
        problemCount: 2,
      },
      Math.floor(Date.now() / 1000),
    );
    const { runs } = (await get('/runs', {}, ADMIN)).json();
    expect(runs[0]).toMatchObject({
      kind: 'sync',
      runId: `sync:${syncStarted}`,
      status: 'completed-with-problems',
      counts: { documentsFetched: 4, created: 1, updated: 0 },
      problemCount: 2,
    });
    expect(runs.map((r: { runId: string }) => r.runId)).toContain(`manual:${ASOF}`);
    const starts = runs.map((r: { startedAt: string }) => r.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    for (const r of runs.slice(0, 2)) {
      const one = await get(`/runs/${encodeURIComponent(r.runId)}`, {}, ADMIN);
      expect(one.status).toBe(200);
      expect(one.json()).toMatchObject({ runId: r.runId, startedAt: r.startedAt });
    }
    expect((await get('/runs/sync%3A2020-01-01T00%3A00%3A00.000Z', {}, ADMIN)).status).toBe(404);
    expect((await get('/runs')).status).toBe(403);
  });

  it("GET /openapi.json serves the document generated from the routes' schemas", async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json();
    expect(doc).toEqual(buildOpenApiDocument(ROUTES));
    expect(Object.keys(doc.paths)).toEqual([
      '/due-work',
      '/tasks',
      '/to-check',
      '/trusts/{trustId}',
      '/trusts/{trustId}/actions',
      '/trusts/{trustId}/holder',
      '/trusts/{trustId}/checked',
      '/items/{itemId}',
      '/items/{itemId}/actions',
      '/forecast',
      '/plan',
      '/runs',
      '/runs/latest',
      '/runs/{runId}',
      '/health',
      '/openapi.json',
    ]);
    // The item schema in the document is the due item's, field for field, and its status fields.
    const item =
      doc.paths['/due-work'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties).sort()).toEqual(
      [
        ...Object.keys(dueItemSchema.shape),
        'itemId',
        'status',
        'bookedFor',
        'deferredUntil',
        'waiverReason',
        'acknowledgedBy',
      ].sort(),
    );
    const within = doc.paths['/due-work'].get.parameters.find((p: { name: string }) => p.name === 'within');
    expect(within).toMatchObject({ in: 'query', required: false });
  });

  it.each([
    ['/due-work?colour=blue', 'unknown_parameter', 'colour'],
    ['/due-work?asOf=2026-02-30', 'invalid_parameter', 'asOf'],
    ['/due-work?within=0', 'invalid_parameter', 'within'],
    ['/due-work?within=3651', 'invalid_parameter', 'within'],
    ['/due-work?within=ten', 'invalid_parameter', 'within'],
    ['/due-work?limit=1001', 'invalid_parameter', 'limit'],
    ['/due-work?kind=reinspection,audit', 'invalid_parameter', 'kind'],
    ['/due-work?stage=late', 'invalid_parameter', 'stage'],
    ['/due-work?holder=not-an-email', 'invalid_parameter', 'holder'],
    ['/due-work?format=xml', 'invalid_parameter', 'format'],
    ['/due-work?cursor=bm9wZQ', 'invalid_cursor', 'cursor'],
    ['/tasks?status=pending', 'invalid_parameter', 'status'],
    ['/forecast?groupBy=colour', 'invalid_parameter', 'groupBy'],
    ['/forecast?months=61', 'invalid_parameter', 'months'],
    ['/health?verbose=1', 'unknown_parameter', 'verbose'],
  ])('400 for bad input: %s', async (path, code, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = res.json();
    expect(body.error).toMatchObject({ code, field });
    expect(body.error.message).toEqual(expect.any(String));
  });

  it('rejects a cursor from a different query', async () => {
    const first = (await get(`/due-work?asOf=${ASOF}&limit=2`)).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const res = await get(`/due-work?asOf=${ASOF}&limit=2&kind=report&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.json().error.message).toContain('different query');
  });

  it('405 for an unsupported method, 404 for an unknown route, both JSON', async () => {
    const post = await apiFetch(stack, `/due-work`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
    const nowhere = await get('/reports');
    expect(nowhere.status).toBe(404);
    expect(nowhere.json().error.code).toBe('not_found');
  });

  it('never answers 500, whatever is thrown at it (fast-check)', async () => {
    const paths = [
      '/due-work',
      '/tasks',
      '/trusts/TA',
      '/trusts/%E0%A4%A',
      '/forecast',
      '/runs/latest',
      '/health',
      '/',
      '/due-work/x',
    ];
    const params = [
      'asOf',
      'within',
      'kind',
      'stage',
      'trustId',
      'region',
      'holder',
      'limit',
      'cursor',
      'format',
      'status',
      'months',
      'groupBy',
      'x',
    ];
    const junk = fc.oneof(
      fc.string(),
      fc.integer().map(String),
      fc.constantFrom('2026-11-23', '-1', '1e9', 'overdue,', ',,', '%', 'a@b', '9999-99-99'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(fc.constantFrom(...params), junk, { maxKeys: 4 }),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        async (path, query, method) => {
          const qs = new URLSearchParams(query).toString();
          const res = await apiFetch(stack, `${path}${qs ? `?${qs}` : ''}`, { method, as: ADMIN });
          const text = await res.text();
          expect(res.status, `${method} ${path}?${qs}: ${text}`).toBeLessThan(500);
          // The web page at / answers in HTML; every API route in JSON.
          if (path === '/') expect(res.headers.get('content-type')).toContain('text/html');
          else if (res.status >= 400) expect(JSON.parse(text).error.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe(`who sees what: signed-in users and their roles (${backend()})`, () => {
  const HOLDER = 'holder1@example.org';
  const heldBy = (email: string) => trusts.filter((t) => t.relationshipHolder?.email === email);

  it('no token, or a bad one, gets 401 and never the data; the API description is public', async () => {
    for (const path of ['/due-work', '/trusts/G01', '/forecast', '/health']) {
      const res = await get(path, {}, null);
      expect(res.status, path).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.text).not.toContain('G01');
    }
    const forged = await get('/due-work', { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }, null);
    expect(forged.status).toBe(401);
    expect(forged.json().error.message).toContain('refused');
    expect((await get('/openapi.json', {}, null)).status).toBe(200);
  });

  it('a holder sees only the due work of the trusts they hold, whatever they ask for', async () => {
    const own = (await get('/due-work?within=3650&limit=1000', {}, HOLDER)).json();
    expect(own.items.length).toBeGreaterThan(0);
    expect(new Set(own.items.map((i: { trustId: string }) => i.trustId))).toEqual(
      new Set(heldBy(HOLDER).map((t) => t.trustId)),
    );
    const all = (await get('/due-work?within=3650&limit=1000')).json();
    expect(all.items.length).toBeGreaterThan(own.items.length);

    const other = await get('/due-work?holder=holder2@example.org', {}, HOLDER);
    expect(other.status).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'forbidden', field: 'holder' });
    const csv = await get('/due-work?within=3650&format=csv', {}, HOLDER);
    expect(csv.text).not.toContain('holder2@example.org');
  });

  it("holder=me is the signed-in user's own work, holder=none the work of trusts with no holder", async () => {
    const all = (await get(`/due-work?asOf=${ASOF}&within=3650&limit=1000`)).json().items;
    const none = (await get(`/due-work?asOf=${ASOF}&within=3650&limit=1000&holder=none`)).json().items;
    expect(none.length).toBeGreaterThan(0);
    expect(none).toEqual(all.filter((i: { relationshipHolder: unknown }) => i.relationshipHolder === null));
    const me = (await get(`/due-work?asOf=${ASOF}&within=3650&limit=1000&holder=me`, {}, HOLDER)).json()
      .items;
    expect(me.length).toBeGreaterThan(0);
    expect(
      me.every((i: { relationshipHolder: { email: string } }) => i.relationshipHolder.email === HOLDER),
    ).toBe(true);
    expect((await get('/due-work?holder=me')).json().items).toEqual([]);
    expect((await get('/due-work?holder=none', {}, HOLDER)).status).toBe(403);
    expect((await get('/due-work?holder=someone')).json().error.message).toBe(
      'holder: expected an email address, me or none',
    );
  });

  it("a holder's token asking for another holder's trust gets 403, their own trust 200", async () => {
    const mine = heldBy(HOLDER)[0]!.trustId;
    const theirs = heldBy('holder2@example.org')[0]!.trustId;
    expect((await get(`/trusts/${mine}`, {}, HOLDER)).status).toBe(200);
    const refused = await get(`/trusts/${theirs}`, {}, HOLDER);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('holder2@example.org');
    expect((await get(`/trusts/${theirs}`)).status).toBe(200);
  });

  it("a holder's forecast counts their own work; tasks and trusts to check are the planners'", async () => {
    const own = (await get('/forecast?groupBy=holder', {}, HOLDER)).json();
    expect(own.total).toBeGreaterThan(0);
    for (const bucket of own.buckets)
      expect(Object.keys(bucket.groups).every((k) => k === HOLDER)).toBe(true);
    expect(own.total).toBeLessThan((await get('/forecast')).json().total);
    for (const path of ['/tasks', '/to-check', '/runs/latest']) {
      const res = await get(path, {}, HOLDER);
      expect(res.status, path).toBe(403);
      expect(res.json().error.message).toContain('you are signed in as a holder');
    }
  });

  it("GET /items/{itemId}: one item and its stage history, by its encoded id; another holder's is a 403", async () => {
    const mine = heldBy(HOLDER)[0]!.trustId;
    const due = (await get(`/due-work?asOf=${ASOF}&within=3650&trustId=${mine}&limit=1`)).json().items[0];
    const path = `/items/${encodeURIComponent(due.itemId)}?asOf=${ASOF}`;
    const res = await get(path, {}, HOLDER);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ asOf: ASOF, item: { itemId: due.itemId, dueBy: due.dueBy } });
    expect(res.json().stageHistory).toEqual(expect.any(Array));
    expect((await get(path, {}, 'holder2@example.org')).status).toBe(403);
    const unknown = await get(`/items/${encodeURIComponent('reinspection#NOPE#X#Y')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.message).toBe('no item with id "reinspection#NOPE#X#Y", open or closed');
  });

  it('the run records are for admins: a planner gets 403, an admin the run', async () => {
    expect((await get('/runs/latest')).status).toBe(403);
    expect((await get('/runs/latest', {}, ADMIN)).status).toBe(200);
  });
});
