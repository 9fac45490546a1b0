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
