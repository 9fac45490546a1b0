import { addDays, addMonths, type IsoDate } from '../domain/calendar.ts';
import type { TrustRecord } from '../domain/records.ts';

/**
 * Demo trusts: fictional, with dates set relative to the as-of date so that a first night
 * always shows a realistic spread (overdue, urgent, due soon, scheduled, a report deadline,
 * a PIR clock, an unrated service). Holders use example.org addresses.
 */
export function demoTrusts(asOf: IsoDate): TrustRecord[] {
  // A report published `months` ago plus `days`: due `days` after as-of for an interval of `months`.
  const published = (months: number, daysLeft: number) => addDays(addMonths(asOf, -months), daysLeft);
  const holder = (name: string) => ({
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
  });
  return [
    {
      trustId: 'DEMO1',
      name: 'Riverside Teaching Hospitals NHS Foundation Trust',
      sector: 'acute',
      region: 'London',
      relationshipHolder: holder('Priya Shah'),
      coreServices: [
        {
          locationId: 'DEMO101',
          locationName: 'Riverside General Hospital',
          service: 'Urgent and emergency services',
          rating: 'Inadequate',
          reportPublishedOn: published(12, -20),
        },
        {
          locationId: 'DEMO101',
          locationName: 'Riverside General Hospital',
          service: 'Maternity',
          rating: 'Requires improvement',
          reportPublishedOn: published(24, 12),
        },
        {
          locationId: 'DEMO101',
          locationName: 'Riverside General Hospital',
          service: 'Surgery',
          rating: 'Good',
          reportPublishedOn: published(42, 75),
        },
        {
          locationId: 'DEMO101',
          locationName: 'Riverside General Hospital',
          service: 'Critical care',
          rating: 'Outstanding',
          reportPublishedOn: published(60, 400),
        },
        {
          locationId: 'DEMO102',
          locationName: 'Riverside Community Hospital',
          service: 'End of life care',
          rating: 'Not rated',
          reportPublishedOn: null,
        },
      ],
      wellLedInspections: [
        { inspectionId: 'WL-DEMO1-1', startedOn: addDays(addMonths(asOf, -3), 20), reportPublishedOn: null },
      ],
      providerInformationRequests: [],
    },
    {
      trustId: 'DEMO2',
      name: 'Northfield Mental Health NHS Trust',
      sector: 'mental-health',
      region: 'North East and Yorkshire',
      relationshipHolder: holder('Tom Okafor'),
      coreServices: [
        {
          locationId: 'DEMO201',
          locationName: 'Northfield House',
          service: 'Acute wards for adults of working age',
          rating: 'Requires improvement',
          reportPublishedOn: published(24, -3),
        },
        {
          locationId: 'DEMO201',
          locationName: 'Northfield House',
          service: 'Community-based mental health services for adults',
          rating: 'Good',
          reportPublishedOn: published(42, 25),
        },
      ],
      wellLedInspections: [
        {
          inspectionId: 'WL-DEMO2-1',
          startedOn: addDays(addMonths(asOf, -12), 40),
          reportPublishedOn: addDays(addMonths(asOf, -10), 0),
        },
      ],
      providerInformationRequests: [
        { requestId: 'PIR-DEMO2-1', issuedOn: addDays(asOf, -55), planningMeetingOn: null },
      ],
    },
    {
      trustId: 'DEMO3',
      name: 'Westmoor Ambulance Service NHS Trust',
      sector: 'ambulance',
      region: 'South West',
      relationshipHolder: null,
      coreServices: [
        {
          locationId: 'DEMO301',
          locationName: 'Westmoor Ambulance HQ',
          service: 'Emergency and urgent care',
          rating: 'Good',
          reportPublishedOn: published(42, -40),
        },
        {
          locationId: 'DEMO301',
          locationName: 'Westmoor Ambulance HQ',
          service: 'Patient transport services',
          rating: 'Good',
          reportPublishedOn: published(42, 200),
        },
      ],
      wellLedInspections: [],
      providerInformationRequests: [],
    },
  ];
}
