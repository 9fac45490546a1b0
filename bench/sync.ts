/**
 * The sync from the CQC API against the stand-in, at the scale of every NHS trust: ~220
 * providers (acute trusts rated per location; mental-health and community trusts at provider
 * level; ambulance trusts), their locations (most unrated), and independent providers the
 * category listings also return. Measures documents per second of a full reconcile (first, into
 * an empty table; then again, nothing changed) against a bare baseline that fetches the same
 * documents with the same concurrency and does nothing with them, and counts the requests a full
 * reconcile and a typical night's changes make: their time at the API's rate limit follows.
 * Run: npm run bench -- sync
 */
import { makeDynamoDbClient } from '../adapters/clients.ts';
import { CqcApiClient } from '../adapters/cqc/api-client.ts';
import { ensureTable } from '../adapters/dynamodb/create-table.ts';
import { addMonths } from '../domain/calendar.ts';
import { startCqcApiStandIn } from '../local/cqc-api-stand-in.ts';
import { wireLocal } from '../local/wiring.ts';
import { median, startDynaliteProcess, writeResult } from './lib.ts';

const KEY = 'bench-key';
const AS_OF = '2026-11-23';
const TYPE = 'NHS Healthcare Organisation';
const SERVICES = [
  'Urgent and emergency services',
  'Maternity',
  'Surgery',
  'Critical care',
  'Medical care',
  'Outpatients',
  'End of life care',
  'Services for children and young people',
];
const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];

/** The NHS estate, roughly: [sector, category, trusts, locations each, rated locations each, rated at provider level]. */
const ESTATE = [
  ['acute', 'H1', 120, 14, 4, false],
  ['specialist', 'H2', 20, 6, 2, false],
  ['mental-health', 'H9', 50, 22, 0, true],
  ['community', 'H6', 20, 16, 0, true],
  ['ambulance', 'H5', 10, 9, 0, true],
] as const;
const INDEPENDENT = 120; // independent providers listed under H6 / H5, fetched and passed over

function estate() {
  const providers: Record<string, unknown>[] = [];
  const locations: Record<string, unknown>[] = [];
  const date = (n: number) => addMonths(AS_OF, -(6 + (n % 50)));
  let n = 0;
  for (const [sector, code, count, perTrust, rated, providerLevel] of ESTATE) {
    for (let t = 0; t < count; t++) {
      const providerId = `R${sector.slice(0, 2).toUpperCase()}${t}`;
      const locationIds = Array.from({ length: perTrust }, (_, l) => `${providerId}L${l}`);
      const serviceRatings = (k: number) =>
        SERVICES.slice(0, k).map((name, s) => ({
          name,
          rating: RATINGS[(t + s) % 4],
          reportDate: date(n++),
        }));
      providers.push({
        providerId,
        name: `Bench ${sector} trust ${t}`,
        type: TYPE,
        registrationStatus: 'Registered',
        region: 'London',
        inspectionCategories: [{ code, name: `${sector} NHS`, primary: 'true' }],
        locationIds,
        ...(providerLevel ? { currentRatings: { serviceRatings: serviceRatings(6) } } : {}),
      });
      for (const [l, locationId] of locationIds.entries())
        locations.push({
          locationId,
          providerId,
          name: `Bench location ${locationId}`,
          type: TYPE,
          registrationStatus: 'Registered',
          inspectionCategories: [{ code, name: `${sector} NHS`, primary: 'true' }],
          ...(l < rated ? { currentRatings: { serviceRatings: serviceRatings(8) } } : {}),
          ...(providerLevel ? { providerInspectionAreas: [{ inspectionAreaId: 'care' }] } : {}),
        });
    }
  }
  for (let i = 0; i < INDEPENDENT; i++)
    providers.push({
      providerId: `1-${100000 + i}`,
      name: `Independent ${i}`,
      type: 'Independent Healthcare Org',
      registrationStatus: 'Registered',
      inspectionCategories: [{ code: i % 2 ? 'H6' : 'H5', name: 'independent', primary: 'true' }],
      locationIds: [`1-${200000 + i}`],
    });
  return { providers, locations };
}

const docs = estate();
const nhs = docs.providers.filter((p) => p.type === TYPE);
const api = await startCqcApiStandIn({ apiKey: KEY, ...docs, changedAt: new Date('2026-11-01T00:00:00Z') });
const dynamo = await startDynaliteProcess();
const client = () =>
  new CqcApiClient({
    baseUrl: api.baseUrl,
    apiKey: KEY,
    requestsPerMinute: 600_000,
    timeoutMs: 10_000,
    retries: 3,
  });

/** The bare baseline: the same documents, the same concurrency (providers one by one, four locations at once), nothing done with them. */
async function bareFetch(): Promise<{ ms: number; documents: number }> {
  const headers = { 'Ocp-Apim-Subscription-Key': KEY };
  const start = performance.now();
  let documents = 0;
  for (const p of docs.providers) {
    await (await fetch(`${api.baseUrl}/providers/${p.providerId}`, { headers })).json();
    documents++;
    const ids = p.type === TYPE ? [...(p.locationIds as string[])] : [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let id = ids.shift(); id; id = ids.shift()) {
          await (await fetch(`${api.baseUrl}/locations/${id}`, { headers })).json();
          documents++;
        }
      }),
    );
  }
  return { ms: performance.now() - start, documents };
}

try {
  const tableName = 'bench-sync';
  await ensureTable(makeDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint }), tableName);
  const wiring = wireLocal({ dynamoDbEndpoint: dynamo.endpoint, sesEndpoint: undefined, tableName });
  const full = async () => {
    const c = client();
    const start = performance.now();
    const run = await wiring.syncFrom(c, { mode: 'full', asOf: AS_OF });
    if (run.status !== 'succeeded') throw new Error(`sync ${run.status}: ${JSON.stringify(run.problems[0])}`);
    return { ms: performance.now() - start, run };
  };
  console.log(
    `estate: ${nhs.length} NHS trusts, ${docs.locations.length} locations, ${INDEPENDENT} independent providers`,
  );
  const first = await full();
  console.log(
    `first full reconcile: ${(first.ms / 1000).toFixed(1)} s, ${first.run.documentsFetched} documents, ${first.run.requests} requests, ${first.run.created} records created`,
  );
  const again: number[] = [];
  const bare: number[] = [];
  let steady = first.run;
  for (let i = 0; i < 3; i++) {
    const b = await bareFetch();
    bare.push(b.ms);
    const f = await full();
    again.push(f.ms);
    steady = f.run;
    console.log(
      `  pass ${i + 1}: bare fetch ${(b.ms / 1000).toFixed(1)} s (${b.documents} documents), full reconcile ${(f.ms / 1000).toFixed(1)} s`,
    );
  }

  // A typical night: CQC's week of changes was ~380 providers and ~870 locations, all sectors; a
  // seventh a night, of which the NHS share is modelled as 4 trusts and 10 of their locations.
  const t0 = Date.now();
  const changed = nhs.slice(0, 4);
  for (const p of changed) api.put('provider', { ...p, name: `${p.name} (renamed)` }, t0);
  for (const l of docs.locations.slice(100, 110)) api.put('location', l, t0);
  for (let i = 0; i < 50; i++) api.put('provider', docs.providers[nhs.length + (i % INDEPENDENT)]!, t0);
  const nightStart = performance.now();
  const night = await wiring.syncFrom(client(), { mode: 'incremental', asOf: AS_OF });
  const nightMs = performance.now() - nightStart;

  const atLimit = (requests: number, perMinute: number) => Math.round((requests / perMinute) * 60);
  const file = writeResult('sync', {
    estate: {
      nhsTrusts: nhs.length,
      locations: docs.locations.length,
      ratedLocations: ESTATE.reduce((n, e) => n + e[2] * e[4], 0),
      providerLevelTrusts: ESTATE.filter((e) => e[5]).reduce((n, e) => n + e[2], 0),
      independentProvidersListed: INDEPENDENT,
    },
    fullReconcile: {
      requests: steady.requests,
      documentsFetched: steady.documentsFetched,
      firstRunSeconds: +(first.ms / 1000).toFixed(1),
      firstRunDocumentsPerSecond: Math.round(first.run.documentsFetched / (first.ms / 1000)),
      firstRunRecordsCreated: first.run.created,
      unchangedRunMedianSeconds: +(median(again) / 1000).toFixed(1),
      unchangedRunDocumentsPerSecond: Math.round(steady.documentsFetched / (median(again) / 1000)),
      bareFetchMedianSeconds: +(median(bare) / 1000).toFixed(1),
      bareFetchDocumentsPerSecond: Math.round(steady.documentsFetched / (median(bare) / 1000)),
      ratioToBareFetch: +(median(again) / median(bare)).toFixed(2),
      secondsAtRateLimit: {
        '400/min (default)': atLimit(steady.requests, 400),
        '600/min (CQC per client)': atLimit(steady.requests, 600),
      },
    },
    typicalNight: {
      changedProviders: changed.length + 50,
      changedLocations: 10,
      requests: night.requests,
      seconds: +(nightMs / 1000).toFixed(1),
      secondsAtRateLimit: { '400/min (default)': atLimit(night.requests, 400) },
      status: night.status,
    },
    note: 'Stand-in and dynalite on this machine (no network latency): documents per second are an upper bound on the work per document; against CQC the rate limit sets the pace (secondsAtRateLimit). A full reconcile over one Lambda run (15 min at 400/min = 6,000 requests) fits; one that does not resumes the next run.',
  });
  console.log(
    `full reconcile: ${steady.requests} requests → ${atLimit(steady.requests, 400)} s at 400/min; night: ${night.requests} requests in ${(nightMs / 1000).toFixed(1)} s`,
  );
  console.log(`wrote ${file}`);
} finally {
  await api.close();
  dynamo.stop();
}
