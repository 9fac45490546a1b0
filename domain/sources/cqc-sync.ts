import * as z from '../zod.ts';
import { NHS_TYPE } from './cqc-api.ts';

/**
 * What the sync decides from a CQC API document before it parses its ratings: whose it is,
 * whether it is an NHS trust's, whether it is still registered, which locations a provider
 * lists. Tolerant: only these fields are read, and a document without its id is named.
 */

/** Primary inspection categories of NHS trusts, the full reconcile's listing filter (inferred: see the README). */
export const NHS_CATEGORY_CODES = ['H1', 'H2', 'H5', 'H6', 'H9'] as const;

/** Why the sync retires records: kept in the trust's history record. */
export const SYNC_RETIRE_REASONS = {
  locationDeregistered: 'location deregistered',
  locationUnlisted: 'location no longer listed by its provider',
  providerDeregistered: 'provider deregistered',
  providerNotNhs: 'provider no longer an NHS trust',
  serviceNoLongerRated: 'core service no longer rated by CQC',
} as const;

const providerEnvelope = z.object({
  providerId: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  registrationStatus: z.optional(z.string()),
  locationIds: z._default(z.array(z.string()), []),
});

const locationEnvelope = z.object({
  locationId: z.string().check(z.minLength(1)),
  providerId: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  registrationStatus: z.optional(z.string()),
});

export type ProviderVerdict =
  | { keep: true; providerId: string; locationIds: string[] }
  | { keep: false; providerId: string; reason: string };

const deregistered = (status: string | undefined) => status?.trim().toLowerCase() === 'deregistered';

/** Null when the document is not a provider document at all. */
export function providerVerdict(doc: unknown): ProviderVerdict | null {
  const parsed = providerEnvelope.safeParse(doc);
  if (!parsed.success) return null;
  const p = parsed.data;
  if (p.type !== NHS_TYPE)
    return { keep: false, providerId: p.providerId, reason: SYNC_RETIRE_REASONS.providerNotNhs };
  if (deregistered(p.registrationStatus))
    return { keep: false, providerId: p.providerId, reason: SYNC_RETIRE_REASONS.providerDeregistered };
  return { keep: true, providerId: p.providerId, locationIds: [...new Set(p.locationIds)] };
}

export interface LocationFacts {
  locationId: string;
  providerId: string;
  nhs: boolean;
  deregistered: boolean;
}

/** Null when the document is not a location document at all. */
export function locationFacts(doc: unknown): LocationFacts | null {
  const parsed = locationEnvelope.safeParse(doc);
  if (!parsed.success) return null;
  const l = parsed.data;
  return {
    locationId: l.locationId,
    providerId: l.providerId,
    nhs: l.type === undefined || l.type === NHS_TYPE,
    deregistered: deregistered(l.registrationStatus),
  };
}

/**
 * The stored locations of a trust its provider no longer lists: retired. The provider's own id
 * (where its provider-level services are kept) is never one of them.
 */
export function unlistedLocations(
  providerId: string,
  stored: ReadonlySet<string> | undefined,
  listed: readonly string[],
): string[] {
  const keep = new Set(listed);
  return [...(stored ?? [])].filter((id) => id !== providerId && !keep.has(id)).sort();
}
