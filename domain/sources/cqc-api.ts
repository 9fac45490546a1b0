import type { UnratedService } from '../evaluate.ts';
import { parseRating, type UnratedLabel } from '../ratings.ts';
import {
  type AwaitingReport,
  type CoreService,
  isoDate,
  recordId,
  type Sector,
  type TrustRecord,
} from '../records.ts';
import * as z from '../zod.ts';
import { parseWith } from './errors.ts';
import { emptyInput, type ParsedInput, type Skipped } from './types.ts';

/**
 * A response of the CQC public API, `GET /public/v1/locations/{locationId}`. Only the fields the
 * scheduler uses are read; the rest of the document is ignored.
 */
const text = z.string().check(z.minLength(1));
export const listOf = <T extends z.ZodMiniType>(item: T) => z._default(z.array(item), []);

export const serviceRatingSchema = z.object({
  name: text,
  rating: z.string(),
  reportDate: z.optional(isoDate),
  organisationId: z.optional(z.string()),
});

export const inspectionAreaSchema = z.object({
  inspectionAreaId: z.string(),
  inspectionAreaName: z.string(),
  status: z.optional(z.string()),
});

export const inspectionCategorySchema = z.object({
  name: z.string(),
  primary: z.optional(z.union([z.string(), z.boolean()])),
});

/** An inspection whose report is not published yet: CQC says so directly. */
export const unpublishedReportSchema = z.object({ firstVisitDate: z.optional(isoDate) });

const locationSchema = z.object({
  locationId: recordId,
  providerId: recordId,
  name: text,
  type: z.optional(z.string()),
  registrationStatus: z.string(),
  deregistrationDate: z.nullish(isoDate),
  region: z.nullish(z.string()),
  inspectionCategories: listOf(inspectionCategorySchema),
  inspectionAreas: listOf(inspectionAreaSchema),
  /** Areas rated at provider level (mental-health, community, ambulance trusts). */
  providerInspectionAreas: listOf(z.object({ inspectionAreaId: z.string() })),
  relationships: listOf(z.object({ relatedLocationId: z.optional(z.string()), type: z.string() })),
  currentRatings: z.optional(
    z.object({
      overall: z.optional(z.object({ rating: z.optional(z.string()) })),
      serviceRatings: listOf(serviceRatingSchema),
    }),
  ),
  unpublishedReports: listOf(unpublishedReportSchema),
  lastReport: z.nullish(z.object({ publicationDate: isoDate })),
});

/** Awaiting report: only where CQC says an inspection's report is unpublished (`unpublishedReports`). */
export function awaitingReports(
  unpublished: readonly z.infer<typeof unpublishedReportSchema>[],
  at: { trustId: string; locationId: string; locationName: string },
  lastReport: { publicationDate: string } | null | undefined,
): AwaitingReport[] {
  return unpublished.flatMap((u) =>
    u.firstVisitDate
      ? [{ ...at, inspectedOn: u.firstVisitDate, lastReportPublishedOn: lastReport?.publicationDate ?? null }]
      : [],
  );
}

/** The trust a CQC document describes: a CQC document names no holder and no inspections of ours. */
export function cqcTrust(
  trustId: string,
  name: string | null,
  doc: {
    inspectionCategories: readonly { name: string; primary?: string | boolean | undefined }[];
    region?: string | null | undefined;
  },
  coreServices: CoreService[],
): TrustRecord {
  return {
    trustId,
    name,
    sector: sectorOfCategory(primaryCategory(doc.inspectionCategories)?.name),
    region: doc.region ?? null,
    relationshipHolder: null,
    coreServices,
    wellLedInspections: [],
    providerInformationRequests: [],
  };
}

/** The `type` CQC gives NHS trusts and their locations: the test of what the scheduler reads. */
export const NHS_TYPE = 'NHS Healthcare Organisation';

export function primaryCategory(
  categories: readonly { name: string; primary?: string | boolean | undefined }[],
) {
  return categories.find((c) => c.primary === true || c.primary === 'true');
}

/**
 * Service ratings as core services at one place (a location, or the trust itself). A rating
 * label the scheduler does not know, or a rated service with no report date, leaves that one
 * service out, named with its label and source; the rest of the document is read.
 */
export function ratedServices(
  ratings: readonly z.infer<typeof serviceRatingSchema>[],
  areaNames: ReadonlyMap<string, string>,
  at: { locationId: string; locationName: string },
  source: string,
): { coreServices: CoreService[]; left: Skipped[] } {
  const coreServices: CoreService[] = [];
  const left: Skipped[] = [];
  ratings.forEach((sr, i) => {
    const service = areaNames.get(sr.name) ?? sr.name;
    const where = `currentRatings.serviceRatings[${i}] (${service} at ${at.locationName})`;
    const rating = parseRating(sr.rating);
    if (!rating) {
      left.push({
        source,
        reason: `${where}: unknown rating label ${JSON.stringify(sr.rating)}: left unrated, no due date`,
      });
      return;
    }
    if (rating.rated && !sr.reportDate) {
      left.push({ source, reason: `${where}: rated ${rating.rating} with no report date: no due date` });
      return;
    }
    coreServices.push({
      ...at,
      service,
      rating: rating.rated ? rating.rating : rating.label,
      reportPublishedOn: sr.reportDate ?? null,
    });
  });
  return { coreServices, left };
}

export function looksLikeCqcLocation(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'locationId' in doc && 'providerId' in doc;
}

/** The trust sector implied by a location's primary inspection category. */
export function sectorOfCategory(category: string | undefined): Sector | null {
  if (!category) return null;
  const c = category.toLowerCase();
  if (c.includes('ambulance')) return 'ambulance';
  if (c.includes('mental health')) return 'mental-health';
  if (c.includes('acute')) return 'acute';
  if (c.includes('community')) return 'community';
  return null;
}

/** Parses one CQC API location document into a (partial) trust record for its provider. */
export function parseCqcLocation(doc: unknown, source: string): ParsedInput {
  const loc = parseWith(locationSchema, doc, source);
  const out = emptyInput();

  if (loc.type !== undefined && loc.type !== NHS_TYPE) {
    out.skipped.push({
      source,
      reason: `location ${loc.locationId} is not an NHS trust's (type ${JSON.stringify(loc.type)})`,
    });
    return out;
  }
  if (loc.registrationStatus.toLowerCase() === 'deregistered') {
    const successor = loc.relationships.find((r) => r.type === 'HSCA Successor')?.relatedLocationId;
    out.skipped.push({
      source,
      reason:
        `location ${loc.locationId} is deregistered` +
        (loc.deregistrationDate ? ` (${loc.deregistrationDate})` : '') +
        (successor ? `; its ratings live on at its successor ${successor}` : ''),
    });
    return out;
  }

  const areaNames = new Map(loc.inspectionAreas.map((a) => [a.inspectionAreaId, a.inspectionAreaName]));
  const at = { locationId: loc.locationId, locationName: loc.name };
  const { coreServices, left } = ratedServices(
    loc.currentRatings?.serviceRatings ?? [],
    areaNames,
    at,
    source,
  );
  out.skipped.push(...left);
  const ratedAreas = new Set((loc.currentRatings?.serviceRatings ?? []).map((sr) => sr.name));

  // Areas CQC lists as active but not rated have no interval: keep them as unrated services.
  for (const area of loc.inspectionAreas) {
    if (area.status === 'Active (Not rated)' && !ratedAreas.has(area.inspectionAreaId)) {
      coreServices.push({
        ...at,
        service: area.inspectionAreaName,
        rating: 'Not rated',
        reportPublishedOn: null,
      });
    }
  }

  out.trusts.push(cqcTrust(loc.providerId, null, loc, coreServices));

  if (coreServices.length === 0 && loc.providerInspectionAreas.length > 0) {
    // Its services are rated in the provider's document, not here: not unrated.
    out.skipped.push({
      source,
      reason: `location ${loc.locationId}'s services are rated at provider level: read /providers/${loc.providerId} for them`,
    });
  } else if (coreServices.length === 0 && left.length === 0) {
    const overall = parseRating(loc.currentRatings?.overall?.rating ?? 'No published rating');
    if (overall && !overall.rated) {
      out.unratedLocations.push(unratedLocation(loc.providerId, loc.locationId, loc.name, overall.label));
    } else {
      out.skipped.push({ source, reason: `location ${loc.locationId} has no core-service ratings` });
    }
  }

  out.awaitingReport.push(
    ...awaitingReports(loc.unpublishedReports, { trustId: loc.providerId, ...at }, loc.lastReport),
  );
  return out;
}

export function unratedLocation(
  trustId: string,
  locationId: string,
  locationName: string,
  label: UnratedLabel,
): UnratedService {
  return { trustId, trustName: null, locationId, locationName, service: null, rating: label };
}
