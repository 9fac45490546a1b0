import { addDays, addMonths, type IsoDate } from '../../domain/calendar.ts';
import type { TrustRecord } from '../../domain/records.ts';

export const HOLDER_A = { name: 'Alex Holder', email: 'alex.holder@example.org' };
export const HOLDER_B = { name: 'Bea Holder', email: 'bea.holder@example.org' };
export const FALLBACK = 'inspection-planning@example.org';

/**
 * Three trusts whose first night, as of `asOf`, gives: holder A two new alerts (an overdue
 * re-inspection and a report due soon, which raises a task), holder B two (urgent
 * re-inspection, urgent planning meeting), and the fallback recipient one (no holder).
 */
export function nightTrusts(asOf: IsoDate): TrustRecord[] {
  const published = (months: number, daysLeft: number) => addDays(addMonths(asOf, -months), daysLeft);
  const base = {
    sector: 'acute' as const,
    region: 'London',
    wellLedInspections: [],
    providerInformationRequests: [],
  };
  return [
    {
      ...base,
      trustId: 'TA',
      name: 'Trust A',
      relationshipHolder: HOLDER_A,
      coreServices: [
        {
          locationId: 'TA1',
          locationName: 'A Hospital',
          service: 'Surgery',
          rating: 'Inadequate',
          reportPublishedOn: published(12, -10),
        },
        {
          locationId: 'TA1',
          locationName: 'A Hospital',
          service: 'Maternity',
          rating: 'Good',
          reportPublishedOn: published(42, 300),
        },
      ],
      wellLedInspections: [
        { inspectionId: 'WL-A', startedOn: addDays(addMonths(asOf, -3), 10), reportPublishedOn: null },
      ],
    },
    {
      ...base,
      trustId: 'TB',
      name: 'Trust B',
      relationshipHolder: HOLDER_B,
      coreServices: [
        {
          locationId: 'TB1',
          locationName: 'B Hospital',
          service: 'Urgent and emergency services',
          rating: 'Requires improvement',
          reportPublishedOn: published(24, 20),
        },
      ],
      providerInformationRequests: [
        { requestId: 'PIR-B', issuedOn: addDays(asOf, -60), planningMeetingOn: null },
      ],
    },
    {
      ...base,
      trustId: 'TC',
      name: 'Trust C',
      relationshipHolder: null,
      coreServices: [
        {
          locationId: 'TC1',
          locationName: 'C Hospital',
          service: 'Critical care',
          rating: 'Good',
          reportPublishedOn: published(42, -5),
        },
      ],
    },
  ];
}
