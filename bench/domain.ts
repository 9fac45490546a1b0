/**
 * Rules engine throughput: core-service evaluations per second on one core for 1,000,000
 * generated services, against bare loops over the same records.
 * Run: npm run bench -- domain
 */
import { fromDayNumber, toDayNumber } from '../domain/calendar.ts';
import { evaluate } from '../domain/evaluate.ts';
import { DEFAULT_POLICY } from '../domain/policy.ts';
import { RATINGS } from '../domain/ratings.ts';
import type { TrustRecord } from '../domain/records.ts';
import { median, timeRuns, writeResult } from './lib.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1_000_000);
const PER_TRUST = 50;
const SERVICE_NAMES = [
  'Urgent and emergency services',
  'Medical care',
  'Surgery',
  'Critical care',
  'Maternity',
  'Services for children & young people',
  'End of life care',
  'Outpatients',
];

/** Deterministic generated trusts: ratings and report dates spread over 2015–2026. */
export function generateTrusts(services: number, perTrust = PER_TRUST): TrustRecord[] {
  const trusts: TrustRecord[] = [];
  const firstDay = toDayNumber('2015-01-01');
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let t = 0; t * perTrust < services; t++) {
    const trustId = `T${String(t).padStart(5, '0')}`;
    const coreServices = [];
    for (let s = 0; s < perTrust && t * perTrust + s < services; s++) {
      const locationId = `${trustId}L${Math.floor(s / SERVICE_NAMES.length)}`;
      coreServices.push({
        locationId,
        locationName: `Hospital ${locationId}`,
        service: SERVICE_NAMES[s % SERVICE_NAMES.length]!,
        rating: RATINGS[next() % 4]!,
        reportPublishedOn: fromDayNumber(firstDay + (next() % 4300)),
      });
    }
    trusts.push({
      trustId,
      name: `Trust ${trustId}`,
      sector: 'acute',
      region: 'London',
      relationshipHolder: { name: 'Holder', email: 'holder@example.org' },
      coreServices,
      wellLedInspections: [],
      providerInformationRequests: [],
    });
  }
  return trusts;
}

export function runDomainBench() {
  const trusts = generateTrusts(SERVICES);
  const asOf = '2026-11-23';
  let sink = 0;

  // Bare loop 1: only reads the fields the evaluation reads.
  const readOnly = timeRuns(() => {
    for (const t of trusts) {
      for (const cs of t.coreServices)
        sink += cs.reportPublishedOn!.length + cs.rating.length + cs.service.length;
    }
  }, 7);
  // Bare loop 2: reads them and emits an object of the item's shape, with no rules applied.
  const readEmit = timeRuns(() => {
    const out = [];
    for (const t of trusts) {
      for (const cs of t.coreServices) {
        out.push({
          itemId: cs.locationId,
          kind: 'reinspection',
          trustId: t.trustId,
          trustName: t.name,
          region: t.region,
          locationId: cs.locationId,
          locationName: cs.locationName,
          service: cs.service,
          rating: cs.rating,
          reference: null,
          basisDate: cs.reportPublishedOn,
          dueBy: cs.reportPublishedOn,
          daysRemaining: 0,
          stage: 'scheduled',
          relationshipHolder: t.relationshipHolder,
        });
      }
    }
    sink += out.length;
  }, 7);
  const evaluation = timeRuns(() => {
    sink += evaluate(trusts, asOf, DEFAULT_POLICY).items.length;
  }, 7);

  const evalMs = median(evaluation);
  const figures = {
    services: SERVICES,
    runs: evaluation.length,
    medianMs: { evaluate: evalMs, bareReadLoop: median(readOnly), bareReadAndEmitLoop: median(readEmit) },
    evaluationsPerSecond: Math.round(SERVICES / (evalMs / 1000)),
    ratioToBareReadLoop: +(evalMs / median(readOnly)).toFixed(2),
    ratioToBareReadAndEmitLoop: +(evalMs / median(readEmit)).toFixed(2),
    target: { evaluationsPerSecond: 2_000_000, ratioToBareLoop: 3 },
    sink: sink > 0,
  };
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = runDomainBench();
  console.log(JSON.stringify(figures, null, 2));
  console.log(`written: ${writeResult('domain', figures)}`);
}
