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

/**
 * The limits every record field is held to, wherever it comes from (import, `due`, the nightly
 * job's parse of the table). Chosen so no key or item can reach DynamoDB's limits; the
 * arithmetic is in docs/INPUT.md ("Input limits"), and a test builds the largest record allowed.
 */
export const LIMITS = {
  /** Trust, location, inspection and PIR ids: CQC's own are like RM3, 1-101669155, INS2-1234. */
  idLength: 64,
  /** Trust, location and holder names, regions. */
  nameLength: 300,
  /** Core service names: part of the item's key, so held shorter. */
  serviceLength: 150,
  emailLength: 254,
  /** Dates in records (report, inspection, PIR): years outside this are a typing mistake. */
  firstYear: 2000,
  lastYear: 2099,
} as const;

/** Letters, digits, dot, dash and underscore: never `#`, the key separator, or spaces. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * Unicode control characters (C0, DEL and C1, e.g. U+0085 NEXT LINE), format characters (bidi
 * overrides, zero-width spaces and joiners, U+00AD), lone surrogate halves, and the line and
 * paragraph separators (U+2028, U+2029): each breaks a line in some reader (an email subject, a
 * CSV cell, an iCalendar field) or makes text read other than it is (a history line reversed by
 * U+202E). Ordinary spaces pass. Lone surrogates need the `v` flag's view of a string as code
 * points, which the `u` flag has too: `\p{Cs}` matches only an unpaired half.
 */
export const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

export const recordId = z.string({ error: 'expected an id' }).check(
  z.trim(),
  z.minLength(1, { error: 'must not be empty' }),
  z.maxLength(LIMITS.idLength, { error: `at most ${LIMITS.idLength} characters` }),
  z.regex(SAFE_ID, {
    error: 'may hold only letters, digits, ".", "-" and "_", starting with a letter or digit',
  }),
);

const boundedText = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(max, { error: `at most ${max} characters` }),
    z.refine((s) => !CONTROL.test(s), {
      error:
        'must not hold control, format or invisible characters (tabs, line breaks, U+0085, U+2028, bidi overrides, zero-width spaces)',
    }),
  );

/** A date in a record: a calendar date in a sane range of years. */
/** Whether a YYYY-MM-DD date falls in the years records may hold (LIMITS). */
export const inRecordYears = (d: string) =>
  Number(d.slice(0, 4)) >= LIMITS.firstYear && Number(d.slice(0, 4)) <= LIMITS.lastYear;

export const recordDate = isoDate.check(
  z.refine(inRecordYears, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is outside the years ${LIMITS.firstYear}–${LIMITS.lastYear}`,
  }),
);

/** A date, or null (the default when absent). */
const optionalDate = z._default(z.nullable(recordDate), null);

const nonEmpty = boundedText(LIMITS.nameLength);
const optionalText = z._default(z.nullable(boundedText(LIMITS.nameLength)), null);

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
    z
      .email({ error: 'expected an email address' })
      .check(z.maxLength(LIMITS.emailLength, { error: `at most ${LIMITS.emailLength} characters` })),
    z.transform((e: string) => e.toLowerCase()),
  ),
});
export type RelationshipHolder = z.infer<typeof relationshipHolderSchema>;

export const coreServiceSchema = z
  .object({
    locationId: recordId,
    locationName: nonEmpty,
    service: boundedText(LIMITS.serviceLength),
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
  inspectionId: recordId,
  startedOn: recordDate,
  reportPublishedOn: optionalDate,
});
export type WellLedInspection = z.infer<typeof wellLedInspectionSchema>;

export const providerInformationRequestSchema = z.object({
  requestId: recordId,
  issuedOn: recordDate,
  planningMeetingOn: optionalDate,
});
export type ProviderInformationRequest = z.infer<typeof providerInformationRequestSchema>;

/** A trust's own fields (its profile), as every reader checks them. */
export const trustProfileFields = {
  trustId: recordId,
  name: optionalText,
  sector: z._default(z.nullable(z.enum(SECTORS)), null),
  region: optionalText,
  relationshipHolder: z._default(z.nullable(relationshipHolderSchema), null),
};

/**
 * A Use of Resources assessment: non-specialist acute trusts have one a year, before their
 * well-led inspection. A trust with one listed is such a trust.
 */
export const useOfResourcesSchema = z.object({
  assessmentId: recordId,
  reportPublishedOn: recordDate,
  rating: optionalText,
});
export type UseOfResources = z.infer<typeof useOfResourcesSchema>;

/**
 * A trust rated only under CQC's single assessment framework: its ratings give no due date, so
 * none is guessed and a person checks it. Set by the reader of a provider document.
 */
export const toCheckNoteSchema = z.object({
  /** The document it was read from (an API path or a file). */
  source: boundedText(1000),
  /** The date of the assessment found, when the document gives one. */
  assessmentDate: optionalDate,
  reason: boundedText(LIMITS.nameLength),
});
export type ToCheckNote = z.infer<typeof toCheckNoteSchema>;

/**
 * A trust to check that an admin checked: who, when, why, and the due date they set by hand
 * (null: none), which the night uses while CQC's data gives none (the trust is still to check).
 */
export const checkedNoteSchema = z.object({
  by: z.string().check(z.minLength(3), z.maxLength(LIMITS.nameLength)),
  on: isoDate,
  reason: boundedText(LIMITS.nameLength),
  dueBy: z.nullable(isoDate),
});
export type CheckedNote = z.infer<typeof checkedNoteSchema>;

export const trustRecordSchema = z
  .object({
    ...trustProfileFields,
    /**
     * Absent: the input says nothing of it (a location document, a CSV), and what is stored stays.
     * Null: the provider document gives due dates, so nothing is left to check.
     */
    toCheck: z.optional(z.nullable(toCheckNoteSchema)),
    /** An admin's check of a trust to check (never in an input file: the table keeps it). */
    checked: z.optional(z.nullable(checkedNoteSchema)),
    coreServices: z._default(z.array(coreServiceSchema), []),
    wellLedInspections: z._default(z.array(wellLedInspectionSchema), []),
    providerInformationRequests: z._default(z.array(providerInformationRequestSchema), []),
    /** Absent for trusts that have none (mental-health, community, ambulance, specialist). */
    useOfResources: z.optional(z.array(useOfResourcesSchema)),
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
      once(
        trust.useOfResources ?? [],
        'useOfResources',
        'assessmentId',
        (u) => u.assessmentId,
        (u) => `assessmentId ${JSON.stringify(u.assessmentId)}`,
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
