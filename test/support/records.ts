import type { CoreService, TrustRecord } from '../../domain/records.ts';

/** A valid trust record with sensible defaults, for tests that care about one field. */
export function trust(overrides: Partial<TrustRecord> = {}): TrustRecord {
  return {
    trustId: 'RX1',
    name: 'Example NHS Trust',
    sector: 'acute',
    region: 'London',
    relationshipHolder: { name: 'Sam Example', email: 'sam.example@example.org' },
    coreServices: [],
    wellLedInspections: [],
    providerInformationRequests: [],
    ...overrides,
  };
}

export function coreService(overrides: Partial<CoreService> = {}): CoreService {
  return {
    locationId: 'RX101',
    locationName: 'Example General Hospital',
    service: 'Surgery',
    rating: 'Good',
    reportPublishedOn: '2024-01-15',
    ...overrides,
  };
}

/**
 * RM3, Northern Care Alliance, as a canonical file (raw, so a test may put in what a person
 * might type): its well-led inspection WL-RM3-2026 awaits its report; `fields` add or replace.
 */
export function canonicalRm3(fields: Record<string, unknown>) {
  return {
    formatVersion: 1,
    trusts: [
      {
        trustId: 'RM3',
        name: 'Northern Care Alliance NHS Foundation Trust',
        sector: 'acute',
        region: 'North West',
        relationshipHolder: { name: 'Sam Example', email: 'sam.example@example.org' },
        wellLedInspections: [
          { inspectionId: 'WL-RM3-2026', startedOn: '2026-09-15', reportPublishedOn: null },
        ],
        ...fields,
      },
    ],
  };
}
