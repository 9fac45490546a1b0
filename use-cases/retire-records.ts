import type { Retired, RetireScope, StoredTrusts } from './ports.ts';

/** Why records leave the table: said in the history record and the output. */
export type RetireReason =
  | 'removed by an admin'
  | 'location deregistered'
  | 'location no longer listed by its provider'
  | 'provider deregistered'
  | 'provider no longer an NHS trust';

export class NothingToRetireError extends Error {}

/**
 * Retires a trust, or one location of it: its records go, its due items and report tasks close,
 * and a history record keeps what went, when and why. No digest mentions them again. A location
 * is a location id of the trust's core services (for provider-level services, the provider id).
 */
export async function retireRecords(
  trusts: StoredTrusts,
  scope: RetireScope,
  options: { dryRun: boolean; reason: RetireReason | string; now: Date; on: string },
): Promise<Retired> {
  const stored = await trusts.read(scope.trustId);
  if (!stored.trust && stored.items.size === 0 && stored.tasks.size === 0 && !stored.unreadable?.length)
    throw new NothingToRetireError(`trust ${scope.trustId}: nothing is stored for it`);
  if (scope.locationId) {
    const locations = [...new Set((stored.trust?.coreServices ?? []).map((cs) => cs.locationId))].sort();
    const hasItems = [...stored.items.values()].some((i) => i.locationId === scope.locationId);
    if (!locations.includes(scope.locationId) && !hasItems)
      throw new NothingToRetireError(
        `trust ${scope.trustId} has no location ${scope.locationId}` +
          (locations.length ? ` (its locations: ${locations.join(', ')})` : ''),
      );
  }
  return trusts.retire(scope, {
    dryRun: options.dryRun,
    reason: options.reason,
    on: options.on,
    at: options.now.toISOString(),
  });
}
