import type { UnratedService } from '../evaluate.ts';
import { parseRating, type UnratedLabel } from '../ratings.ts';
import {
  type CoreService,
  formatPath,
  isoDate,
  recordId,
  type Sector,
  type TrustRecord,
} from '../records.ts';
import * as z from '../zod.ts';
import { InputError, type Problem, splitPath } from './errors.ts';
import { emptyInput, type ParsedInput } from './types.ts';

/**
 * A response of the CQC public API, `GET /public/v1/locations/{locationId}`. Only the fields the
 * scheduler uses are read; the rest of the document is ignored.
 */
const text = z.string().check(z.minLength(1));
const listOf = <T extends z.ZodMiniType>(item: T) => z._default(z.array(item), []);

const serviceRatingSchema = z.object({
  name: text,
  rating: z.string(),
  reportDate: z.optional(isoDate),
  organisationId: z.optional(z.string()),
});

const locationSchema = z.object({
  locationId: recordId,
  providerId: recordId,
  name: text,
  registrationStatus: z.string(),
  deregistrationDate: z.nullish(isoDate),
  region: z.nullish(z.string()),
  inspectionCategories: listOf(
    z.object({ name: z.string(), primary: z.optional(z.union([z.string(), z.boolean()])) }),
  ),
  inspectionAreas: listOf(
    z.object({
      inspectionAreaId: z.string(),
      inspectionAreaName: z.string(),
      status: z.optional(z.string()),
    }),
  ),
  relationships: listOf(z.object({ relatedLocationId: z.optional(z.string()), type: z.string() })),
  currentRatings: z.optional(
    z.object({
      overall: z.optional(z.object({ rating: z.optional(z.string()) })),
      serviceRatings: listOf(serviceRatingSchema),
    }),
  ),
  lastInspection: z.nullish(z.object({ date: isoDate })),
  lastReport: z.nullish(z.object({ publicationDate: isoDate })),
});

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
  const parsed = locationSchema.safeParse(doc);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => {
        const { where, field } = splitPath(formatPath(issue.path));
        return { source, where, field, message: issue.message };
      }),
    );
  }
  const loc = parsed.data;
  const out = emptyInput();

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
  const problems: Problem[] = [];
  const coreServices: CoreService[] = [];
  const ratedAreas = new Set<string>();
  (loc.currentRatings?.serviceRatings ?? []).forEach((sr, i) => {
    const where = `currentRatings.serviceRatings[${i}]`;
    const rating = parseRating(sr.rating);
    if (!rating) {
      problems.push({
        source,
        where,
        field: 'rating',
        message: `unknown rating ${JSON.stringify(sr.rating)}`,
      });
      return;
    }
    if (rating.rated && !sr.reportDate) {
      problems.push({
        source,
        where,
        field: 'reportDate',
        message: 'a rated core service needs its report date',
      });
      return;
    }
    ratedAreas.add(sr.name);
    coreServices.push({
      locationId: loc.locationId,
      locationName: loc.name,
      service: areaNames.get(sr.name) ?? sr.name,
      rating: rating.rated ? rating.rating : rating.label,
      reportPublishedOn: sr.reportDate ?? null,
    });
  });
  if (problems.length > 0) throw new InputError(problems);

  // Areas CQC lists as active but not rated have no interval: keep them as unrated services.
  for (const area of loc.inspectionAreas) {
    if (area.status === 'Active (Not rated)' && !ratedAreas.has(area.inspectionAreaId)) {
      coreServices.push({
        locationId: loc.locationId,
        locationName: loc.name,
        service: area.inspectionAreaName,
        rating: 'Not rated',
        reportPublishedOn: null,
      });
    }
  }

  const primary = loc.inspectionCategories.find((c) => c.primary === true || c.primary === 'true');
  const trust: TrustRecord = {
    trustId: loc.providerId,
    name: null,
    sector: sectorOfCategory(primary?.name),
    region: loc.region ?? null,
    relationshipHolder: null,
    coreServices,
    wellLedInspections: [],
    providerInformationRequests: [],
  };
  out.trusts.push(trust);

  if (coreServices.length === 0) {
    const overall = parseRating(loc.currentRatings?.overall?.rating ?? 'No published rating');
    if (overall && !overall.rated) {
      out.unratedLocations.push(unratedLocation(loc.providerId, loc.locationId, loc.name, overall.label));
    } else {
      out.skipped.push({ source, reason: `location ${loc.locationId} has no core-service ratings` });
    }
  }

  const inspectedOn = loc.lastInspection?.date;
  const published = loc.lastReport?.publicationDate ?? null;
  if (inspectedOn && (published === null || inspectedOn > published)) {
    out.awaitingReport.push({
      trustId: loc.providerId,
      locationId: loc.locationId,
      locationName: loc.name,
      inspectedOn,
      lastReportPublishedOn: published,
    });
  }
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
