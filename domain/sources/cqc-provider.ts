import { isoDate, recordDate, recordId } from '../records.ts';
import * as z from '../zod.ts';
import {
  awaitingReports,
  cqcTrust,
  inspectionAreaSchema,
  inspectionCategorySchema,
  listOf,
  NHS_TYPE,
  ratedServices,
  serviceRatingSchema,
  unpublishedReportSchema,
} from './cqc-api.ts';
import { parseWith } from './errors.ts';
import { emptyInput, type ParsedInput } from './types.ts';

/**
 * A provider document of the CQC public API, `GET /public/v1/providers/{providerId}`. Mental-health,
 * community and ambulance trusts rate their core services here, at provider level
 * (`currentRatings.serviceRatings`); their locations only point to them. Such a service becomes a
 * core service of the trust whose location is the trust itself: location id = provider id.
 */
const providerSchema = z.object({
  providerId: recordId,
  name: z.optional(z.string()),
  type: z.optional(z.string()),
  registrationStatus: z.optional(z.string()),
  deregistrationDate: z.nullish(isoDate),
  region: z.nullish(z.string()),
  inspectionCategories: listOf(inspectionCategorySchema),
  inspectionAreas: listOf(inspectionAreaSchema),
  currentRatings: z.optional(
    z.object({
      overall: z.optional(
        z.object({
          /** Non-specialist acute trusts: the trust-level Use of Resources assessment. */
          useOfResources: z.optional(
            z.object({ useOfResourcesRating: z.optional(z.string()), reportDate: z.optional(isoDate) }),
          ),
        }),
      ),
      serviceRatings: listOf(serviceRatingSchema),
    }),
  ),
  unpublishedReports: listOf(unpublishedReportSchema),
  lastReport: z.nullish(z.object({ publicationDate: isoDate })),
  /** Single assessment framework results: no published mapping to core services. */
  assessment: z.optional(z.array(z.unknown())),
});

export function looksLikeCqcProvider(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'providerId' in doc && !('locationId' in doc);
}

/**
 * The latest `assessmentDate` anywhere in a single-assessment block (dates and date-times both
 * occur), or null when it gives none that reads as a date.
 */
function assessmentDateIn(value: unknown): string | null {
  let latest: string | null = null;
  const visit = (v: unknown, key?: string) => {
    if (key === 'assessmentDate' && typeof v === 'string') {
      const day = v.slice(0, 10);
      if (recordDate.safeParse(day).success && (latest === null || day > latest)) latest = day;
    } else if (Array.isArray(v)) for (const x of v) visit(x);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(value);
  return latest;
}

export function parseCqcProvider(doc: unknown, source: string): ParsedInput {
  const p = parseWith(providerSchema, doc, source);
  const out = emptyInput();
  if (p.type !== NHS_TYPE) {
    out.skipped.push({
      source,
      reason: `provider ${p.providerId} is not an NHS trust (type ${JSON.stringify(p.type ?? 'not given')})`,
    });
    return out;
  }
  if (p.registrationStatus?.toLowerCase() === 'deregistered') {
    out.skipped.push({
      source,
      reason: `provider ${p.providerId} is deregistered${p.deregistrationDate ? ` (${p.deregistrationDate})` : ''}`,
    });
    return out;
  }

  const trustName = p.name?.trim() || null;
  const at = { locationId: p.providerId, locationName: trustName ?? p.providerId };
  const areaNames = new Map(p.inspectionAreas.map((a) => [a.inspectionAreaId, a.inspectionAreaName]));
  const serviceRatings = p.currentRatings?.serviceRatings ?? [];
  const { coreServices, left } = ratedServices(serviceRatings, areaNames, at, source);
  out.skipped.push(...left);
  const trust = cqcTrust(p.providerId, trustName, p, coreServices);
  const uor = p.currentRatings?.overall?.useOfResources;
  if (uor?.reportDate)
    trust.useOfResources = [
      {
        assessmentId: `UOR-${uor.reportDate}`,
        reportPublishedOn: uor.reportDate,
        rating: uor.useOfResourcesRating?.trim() || null,
      },
    ];
  // Rated only under the single assessment framework: no due date is guessed; a person checks.
  // A document with service ratings clears what an earlier one left to check.
  trust.toCheck =
    serviceRatings.length === 0 && (p.assessment?.length ?? 0) > 0
      ? {
          source,
          assessmentDate: assessmentDateIn(p.assessment),
          reason: 'rated under the single assessment framework only: no due date is guessed',
        }
      : null;
  out.trusts.push(trust);

  out.awaitingReport.push(
    ...awaitingReports(p.unpublishedReports, { trustId: p.providerId, ...at }, p.lastReport),
  );
  return out;
}
