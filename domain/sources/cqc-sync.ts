import * as z from '../zod.ts';
import { NHS_TYPE } from './cqc-api.ts';

/**
 * What the sync decides from a CQC API document before it parses its ratings: whose it is,
 * whether it is an NHS trust's, whether it is still registered, which locations a provider
 * lists. Tolerant: only these fields are read, and a document without its id is named.
 */

/** Primary inspection categories of NHS trusts, the full reconcile's listing filter (inferred: see docs/SYNC.md). */
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
  type: z.optional(z.unknown()),
  registrationStatus: z.optional(z.unknown()),
  locationIds: z.optional(z.unknown()),
});

const locationIdList = z.array(z.string().check(z.minLength(1)));

const locationEnvelope = z.object({
  locationId: z.string().check(z.minLength(1)),
  providerId: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  registrationStatus: z.optional(z.string()),
});

/**
 * What a provider document says of its trust: keep it (with the locations it lists), retire it
 * (the document says so in as many words), or nothing, because the document is incomplete: a
 * field the decision rests on is missing or of the wrong type. An incomplete document is never
 * evidence of a withdrawal (shared contract: "retire nothing on it and name it as a problem").
 */
export type ProviderVerdict =
  | { verdict: 'keep'; providerId: string; locationIds: string[] }
  | { verdict: 'retire'; providerId: string; reason: string }
  | { verdict: 'incomplete'; providerId: string; problem: string };

const deregistered = (status: unknown) =>
  typeof status === 'string' && status.trim().toLowerCase() === 'deregistered';
const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Null when the document is not a provider document at all. */
export function providerVerdict(doc: unknown): ProviderVerdict | null {
  const parsed = providerEnvelope.safeParse(doc);
  if (!parsed.success) return null;
  const p = parsed.data;
  const incomplete = (problem: string): ProviderVerdict => ({
    verdict: 'incomplete',
    providerId: p.providerId,
    problem: `incomplete provider document (${problem}): nothing of this provider is retired or changed in this run`,
  });
  // Positive evidence only: the registration status says deregistered, or the type names another sector.
  if (deregistered(p.registrationStatus))
    return { verdict: 'retire', providerId: p.providerId, reason: SYNC_RETIRE_REASONS.providerDeregistered };
  if (!filled(p.type)) return incomplete(`type: ${describe(p.type)}`);
  if (p.type !== NHS_TYPE)
    return { verdict: 'retire', providerId: p.providerId, reason: SYNC_RETIRE_REASONS.providerNotNhs };
  if (!filled(p.registrationStatus))
    return incomplete(`registrationStatus: ${describe(p.registrationStatus)}`);
  const ids = locationIdList.safeParse(p.locationIds);
  if (!ids.success) return incomplete(`locationIds: ${describe(p.locationIds, 'a list of location ids')}`);
  return { verdict: 'keep', providerId: p.providerId, locationIds: [...new Set(ids.data)] };
}

function describe(value: unknown, expected = 'text'): string {
  if (value === undefined) return 'missing';
  if (value === null || value === '') return 'empty';
  return `expected ${expected}, got ${Array.isArray(value) ? 'a list with other values' : typeof value}`;
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

/** The share of stored trusts one run may retire before it holds them all for an admin (20%). */
export const DEFAULT_MAX_TRUST_SHARE = 0.2;

/**
 * Why retiring these would take all of a trust (every stored location, or every stored core
 * service), or null when it would not. A run that would do so retires nothing of the trust
 * until an admin confirms: a document gone wrong looks just like that.
 */
export function massRetirementOfTrust(plan: {
  trustId: string;
  storedLocations: readonly string[];
  locations: readonly string[];
  storedServices: number;
  services: number;
}): string | null {
  const retiring = new Set(plan.locations);
  if (plan.storedLocations.length > 0 && plan.storedLocations.every((id) => retiring.has(id)))
    return `would retire all ${plan.storedLocations.length} stored location(s) of ${plan.trustId}`;
  if (plan.services > 0 && plan.services >= plan.storedServices)
    return `would retire all ${plan.storedServices} stored core service(s) of ${plan.trustId}`;
  return null;
}

/**
 * Why retiring these whole trusts in one run would be a mass retirement (more than one, and
 * over `maxShare` of the stored trusts), or null: a listing or a feed gone wrong looks like that.
 */
export function massRetirementOfTrusts(plan: {
  trustIds: readonly string[];
  storedTrusts: number;
  maxShare: number;
}): string | null {
  const n = plan.trustIds.length;
  if (n <= 1 || n <= plan.maxShare * plan.storedTrusts) return null;
  return `would retire ${n} of ${plan.storedTrusts} stored trusts (${plan.trustIds.join(', ')}), over ${Math.round(plan.maxShare * 100)}%`;
}
