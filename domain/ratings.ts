/** The four ratings CQC gives a core service, best first. */
export const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export type Rating = (typeof RATINGS)[number];

/** Values that mean "no rating": kept and counted, but with no re-inspection interval. */
export const UNRATED_LABELS = ['Not rated', 'Inspected but not rated', 'No published rating'] as const;
export type UnratedLabel = (typeof UNRATED_LABELS)[number];

export type ParsedRating = { rated: true; rating: Rating } | { rated: false; label: UnratedLabel };

const lookup = new Map<string, ParsedRating>();
for (const rating of RATINGS) lookup.set(rating.toLowerCase(), { rated: true, rating });
// Variants seen in CQC exports and hand-written files.
lookup.set('required improvement', { rated: true, rating: 'Requires improvement' });
lookup.set('requires-improvement', { rated: true, rating: 'Requires improvement' });
for (const label of UNRATED_LABELS) lookup.set(label.toLowerCase(), { rated: false, label });

/**
 * Parses a rating as written in any of the inputs: case-insensitive, surrounding and repeated
 * white space ignored. Returns `null` for a value that is neither a rating nor a known
 * "unrated" wording, so the caller can name the field in its error.
 */
export function parseRating(raw: string): ParsedRating | null {
  return lookup.get(raw.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

export const ACCEPTED_RATING_WORDS = [...RATINGS, 'Required improvement', ...UNRATED_LABELS];
