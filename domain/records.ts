import { type IsoDate, isIsoDate } from './calendar.ts';
import { ACCEPTED_RATING_WORDS, parseRating, type Rating, type UnratedLabel } from './ratings.ts';
import * as z from './zod.ts';

/**
 * Trust records: what every input (canonical JSON, CQC API JSON, ratings CSV) becomes, and what
 * the store holds. Parsed with zod at every edge, so the rules only ever see valid records.
 */

export const SECTORS = ['acute', 'mental-health', 'community', 'ambulance', 'combined'] as const;
export type Sector = (typeof SECTORS)[number];

export const isoDate = z.string({ error: 'expected a date written YYYY-MM-DD' }).check(
  z.refine(isIsoDate, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a calendar date (YYYY-MM-DD)`,
  }),
);

/** A date, or null (the default when absent). */
const optionalDate = z._default(z.nullable(isoDate), null);

const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }));
const optionalText = z._default(z.nullable(z.string().check(z.trim(), z.minLength(1))), null);

export const ratingField = z.pipe(
  z.string({ error: 'expected a rating' }),
  z.transform((raw: string, ctx) => {
    const parsed = parseRating(raw);
    if (!parsed) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `unknown rating ${JSON.stringify(raw)} (expected one of: ${ACCEPTED_RATING_WORDS.join(', ')})`,
      });
      return z.NEVER;
    }
    return parsed.rated ? parsed.rating : parsed.label;
  }),
);

export const relationshipHolderSchema = z.object({
  name: nonEmpty,
  // Lower-cased, so one holder is one recipient and one filter value however it was typed.
  email: z.pipe(
    z.email({ error: 'expected an email address' }),
    z.transform((e: string) => e.toLowerCase()),
  ),
});
export type RelationshipHolder = z.infer<typeof relationshipHolderSchema>;

export const coreServiceSchema = z
  .object({
    locationId: nonEmpty,
    locationName: nonEmpty,
    service: nonEmpty,
    rating: ratingField,
    reportPublishedOn: optionalDate,
  })
  .check(
    z.superRefine((cs, ctx) => {
      if (isRatedValue(cs.rating) && cs.reportPublishedOn === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['reportPublishedOn'],
          message: 'a rated core service needs the publication date of the report that rated it',
        });
      }
    }),
  );
export type CoreService = z.infer<typeof coreServiceSchema>;

export const wellLedInspectionSchema = z.object({
  inspectionId: nonEmpty,
  startedOn: isoDate,
  reportPublishedOn: optionalDate,
});
export type WellLedInspection = z.infer<typeof wellLedInspectionSchema>;

export const providerInformationRequestSchema = z.object({
  requestId: nonEmpty,
  issuedOn: isoDate,
  planningMeetingOn: optionalDate,
});
export type ProviderInformationRequest = z.infer<typeof providerInformationRequestSchema>;

export const trustRecordSchema = z
  .object({
    trustId: nonEmpty,
    name: optionalText,
    sector: z._default(z.nullable(z.enum(SECTORS)), null),
    region: optionalText,
    relationshipHolder: z._default(z.nullable(relationshipHolderSchema), null),
    coreServices: z._default(z.array(coreServiceSchema), []),
    wellLedInspections: z._default(z.array(wellLedInspectionSchema), []),
    providerInformationRequests: z._default(z.array(providerInformationRequestSchema), []),
  })
  .check(
    z.superRefine((trust, ctx) => {
      // Each core service, well-led inspection and PIR once: a second entry would be ambiguous.
      const once = <T>(
        list: T[],
        listName: string,
        field: string,
        keyOf: (x: T) => string,
        describe: (x: T) => string,
      ) => {
        const first = new Map<string, number>();
        list.forEach((x, i) => {
          const key = keyOf(x);
          const earlier = first.get(key);
          if (earlier === undefined) first.set(key, i);
          else
            ctx.addIssue({
              code: 'custom',
              path: [listName, i, field],
              message: `duplicate ${describe(x)} (first at ${listName}[${earlier}])`,
            });
        });
      };
      once(
        trust.coreServices,
        'coreServices',
        'service',
        (c) => `${c.locationId}\u0000${c.service}`,
        (c) => `core service ${JSON.stringify(c.service)} at ${c.locationId}`,
      );
      once(
        trust.wellLedInspections,
        'wellLedInspections',
        'inspectionId',
        (w) => w.inspectionId,
        (w) => `inspectionId ${JSON.stringify(w.inspectionId)}`,
      );
      once(
        trust.providerInformationRequests,
        'providerInformationRequests',
        'requestId',
        (p) => p.requestId,
        (p) => `requestId ${JSON.stringify(p.requestId)}`,
      );
    }),
  );
export type TrustRecord = z.infer<typeof trustRecordSchema>;

export const canonicalFileSchema = z
  .object({
    formatVersion: z.literal(1, { error: 'formatVersion must be 1' }),
    trusts: z.array(trustRecordSchema),
  })
  .check(
    z.superRefine((file, ctx) => {
      const seen = new Map<string, number>();
      file.trusts.forEach((trust, i) => {
        const first = seen.get(trust.trustId);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['trusts', i, 'trustId'],
            message: `duplicate trustId ${JSON.stringify(trust.trustId)} (first at trusts[${first}])`,
          });
        } else seen.set(trust.trustId, i);
      });
    }),
  );

/** A location that was inspected after its last published report: its report is awaited. */
export interface AwaitingReport {
  trustId: string;
  locationId: string;
  locationName: string;
  inspectedOn: IsoDate;
  lastReportPublishedOn: IsoDate | null;
}

export function isRatedValue(value: string): value is Rating {
  return (
    value === 'Outstanding' || value === 'Good' || value === 'Requires improvement' || value === 'Inadequate'
  );
}

export type RatingValue = Rating | UnratedLabel;

/** Formats a zod issue path the way people read JSON: `trusts[0].coreServices[2].rating`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(top level)';
}
