import { addMonths, type IsoDate } from '../domain/calendar.ts';
import type { TrustRecord } from '../domain/records.ts';

/**
 * The fictional demo trusts as the CQC API would give them: a provider document per trust and a
 * location document per location, with the same ratings and report dates. The stand-in serves
 * them beside the real Oldham documents, so `npm start`'s sync reads every trust "from CQC"; what
 * CQC does not publish (relationship holders, well-led inspections, PIRs) comes from the demo's
 * canonical records and is kept, as a sync never erases what a document does not carry.
 */
const CATEGORY = {
  acute: { code: 'H1', name: 'Acute hospital - NHS non-specialist' },
  'mental-health': { code: 'H9', name: 'Mental health - community & residential - NHS' },
  community: { code: 'H6', name: 'Community health - NHS & Independent' },
  ambulance: { code: 'H5', name: 'Ambulance service' },
  combined: { code: 'H1', name: 'Acute hospital - NHS non-specialist' },
} as const;

const TYPE = 'NHS Healthcare Organisation';

export function demoCqcDocuments(trusts: readonly TrustRecord[]) {
  const providers: Record<string, unknown>[] = [];
  const locations: Record<string, unknown>[] = [];
  for (const t of trusts) {
    const category = { ...CATEGORY[t.sector ?? 'acute'], primary: 'true' };
    const locationIds = [...new Set(t.coreServices.map((cs) => cs.locationId))];
    providers.push({
      providerId: t.trustId,
      name: t.name,
      type: TYPE,
      organisationType: 'Provider',
      registrationStatus: 'Registered',
      region: t.region,
      inspectionDirectorate: 'Hospitals',
      inspectionCategories: [category],
      locationIds,
    });
    for (const locationId of locationIds) {
      const services = t.coreServices.filter((cs) => cs.locationId === locationId);
      locations.push({
        locationId,
        providerId: t.trustId,
        name: services[0]!.locationName,
        type: TYPE,
        organisationType: 'Location',
        registrationStatus: 'Registered',
        region: t.region,
        inspectionDirectorate: 'Hospitals',
        inspectionCategories: [category],
        currentRatings: {
          serviceRatings: services.map((cs) => ({
            name: cs.service,
            rating: cs.rating,
            ...(cs.reportPublishedOn ? { reportDate: cs.reportPublishedOn } : {}),
          })),
        },
      });
    }
  }
  return { providers, locations };
}

/**
 * A fictional trust the stand-in alone serves: rated only under the single assessment framework
 * (`assessment[]`, no `currentRatings`), as CQC publishes newer assessments. The sync brings it in
 * with no guessed due date, as a trust to check by hand: the fallback recipient's digest tells it.
 */
export function demoSingleAssessmentProvider(asOf: IsoDate): Record<string, unknown> {
  return {
    providerId: 'DEMO6',
    name: 'Eastbrook Community Health NHS Trust',
    type: TYPE,
    organisationType: 'Provider',
    registrationStatus: 'Registered',
    region: 'East of England',
    inspectionDirectorate: 'Hospitals',
    inspectionCategories: [{ ...CATEGORY.community, primary: 'true' }],
    locationIds: [],
    assessment: [
      {
        assessmentPlanId: 'AP-DEMO6-1',
        assessmentPlanStatus: 'Assessed',
        ratings: {
          overall: { rating: 'Good' },
          asgRatings: [{ name: 'Community health', rating: 'Good', assessmentDate: addMonths(asOf, -5) }],
        },
      },
    ],
  };
}
