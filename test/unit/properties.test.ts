import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/calendar.ts';
import { evaluate } from '../../domain/evaluate.ts';
import { DEFAULT_POLICY, STAGES } from '../../domain/policy.ts';
import { RATINGS, UNRATED_LABELS } from '../../domain/ratings.ts';
import { canonicalFileSchema, type TrustRecord, trustRecordSchema } from '../../domain/records.ts';

const isoDate = fc
  // Records hold years 2000–2099 (LIMITS in domain/records.ts).
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const id = fc.stringMatching(/^[A-Z0-9]{2,6}$/);

/** Any valid trust record, as the canonical format allows it. */
const trustArb: fc.Arbitrary<TrustRecord> = fc
  .record({
    trustId: id,
    name: fc.option(
      // Any text a name may be: up to 300 characters, no control characters.
      fc
        .string({ minLength: 1, maxLength: 300 })
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rules out
        .filter((s) => s.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(s)),
      { nil: null },
    ),
    sector: fc.constantFrom('acute', 'mental-health', 'community', 'ambulance', 'combined', null),
    region: fc.constantFrom('London', 'North West', null),
    relationshipHolder: fc.option(
      fc.record({ name: fc.constant('A Holder'), email: fc.constant('a@example.org') }),
      { nil: null },
    ),
    coreServices: fc.uniqueArray(
      fc.oneof(
        fc.record({
          locationId: id,
          locationName: fc.constant('Some Hospital'),
          service: fc.constantFrom('Surgery', 'Maternity', 'Critical care'),
          rating: fc.constantFrom(...RATINGS),
          reportPublishedOn: isoDate,
        }),
        fc.record({
          locationId: id,
          locationName: fc.constant('Some Hospital'),
          service: fc.constantFrom('Surgery', 'Maternity'),
          rating: fc.constantFrom(...UNRATED_LABELS),
          reportPublishedOn: fc.option(isoDate, { nil: null }),
        }),
      ),
      { maxLength: 6, selector: (cs) => `${cs.locationId}#${cs.service}` },
    ),
    wellLedInspections: fc.uniqueArray(
      fc.record({
        inspectionId: id,
        startedOn: isoDate,
        reportPublishedOn: fc.option(isoDate, { nil: null }),
      }),
      { maxLength: 3, selector: (wl) => wl.inspectionId },
    ),
    providerInformationRequests: fc.uniqueArray(
      fc.record({ requestId: id, issuedOn: isoDate, planningMeetingOn: fc.option(isoDate, { nil: null }) }),
      { maxLength: 3, selector: (p) => p.requestId },
    ),
  })
  .map((t) => trustRecordSchema.parse(t));

describe('properties of the rules', () => {
  it('a due date is never before its basis date, and days remaining agree with it', () => {
    fc.assert(
      fc.property(fc.array(trustArb, { maxLength: 4 }), isoDate, (trusts, asOf) => {
        for (const item of evaluate(trusts, asOf, DEFAULT_POLICY).items) {
          expect(item.dueBy >= item.basisDate).toBe(true);
          expect(item.daysRemaining).toBe(toDayNumber(item.dueBy) - toDayNumber(asOf));
        }
      }),
    );
  });

  it('a longer interval never gives an earlier due date', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (published, a, extra) => {
          const record = trustRecordSchema.parse({
            trustId: 'T',
            coreServices: [
              {
                locationId: 'L',
                locationName: 'L',
                service: 'S',
                rating: 'Good',
                reportPublishedOn: published,
              },
            ],
          });
          const due = (months: number) =>
            evaluate([record], '2026-11-23', {
              ...DEFAULT_POLICY,
              reinspectionMonths: { ...DEFAULT_POLICY.reinspectionMonths, Good: months },
            }).items[0]!.dueBy;
          expect(due(a) <= due(a + extra)).toBe(true);
        },
      ),
    );
  });

  it('a worse rating is never due later than a better one reported on the same day', () => {
    fc.assert(
      fc.property(isoDate, (published) => {
        const dues = RATINGS.map(
          (rating) =>
            evaluate(
              [
                trustRecordSchema.parse({
                  trustId: 'T',
                  coreServices: [
                    {
                      locationId: 'L',
                      locationName: 'L',
                      service: 'S',
                      rating,
                      reportPublishedOn: published,
                    },
                  ],
                }),
              ],
              '2026-11-23',
              DEFAULT_POLICY,
            ).items[0]!.dueBy,
        );
        // RATINGS is best first: due dates must not increase along it.
        for (let i = 1; i < dues.length; i++) expect(dues[i]! <= dues[i - 1]!).toBe(true);
      }),
    );
  });

  it('stages are ordered as days remaining are: fewer days never means a calmer stage', () => {
    fc.assert(
      fc.property(fc.array(trustArb, { minLength: 1, maxLength: 4 }), isoDate, (trusts, asOf) => {
        const items = evaluate(trusts, asOf, DEFAULT_POLICY).items;
        for (const a of items) {
          for (const b of items) {
            if (a.kind === b.kind && a.daysRemaining <= b.daysRemaining) {
              expect(STAGES.indexOf(a.stage)).toBeGreaterThanOrEqual(STAGES.indexOf(b.stage));
            }
          }
          expect(a.stage === 'overdue').toBe(a.daysRemaining < 0);
        }
      }),
    );
  });

  it('parse then evaluate never throws on any valid canonical file, and counts every core service', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(trustArb, { selector: (t) => t.trustId, maxLength: 5 }),
        isoDate,
        (trusts, asOf) => {
          const file = canonicalFileSchema.parse(JSON.parse(JSON.stringify({ formatVersion: 1, trusts })));
          const { items, unrated } = evaluate(file.trusts, asOf, DEFAULT_POLICY);
          const services = trusts.reduce((n, t) => n + t.coreServices.length, 0);
          expect(items.filter((i) => i.kind === 'reinspection').length + unrated.length).toBe(services);
        },
      ),
    );
  });
});
