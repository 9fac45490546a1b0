import type { Retired, RetireScope, StoredTrusts } from './ports.ts';

/** Why records leave the table: said in the history record and the output. */
export type RetireReason =
  | 'removed by an admin'
  | 'location deregistered'
  | 'location no longer listed by its provider'
  | 'provider deregistered'
  | 'provider no longer an NHS trust'
  | 'core service no longer rated by CQC';

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
): Promise<Omit<Retired, 'trustStored' | 'locationsStored'>> {
  const retired = await trusts.retire(scope, {
    dryRun: options.dryRun,
    reason: options.reason,
    on: options.on,
    at: options.now.toISOString(),
  });
  const { trustStored, locationsStored, ...taken } = retired;
  if (taken.records + taken.items.length + taken.tasks.length > 0) return taken;
  // Nothing in scope: read in the same pass, so the mistake is named without reading again.
  if (!trustStored) throw new NothingToRetireError(`trust ${scope.trustId}: nothing is stored for it`);
  throw new NothingToRetireError(
    `trust ${scope.trustId} has no location ${scope.locationId}` +
      (locationsStored.length ? ` (its locations: ${locationsStored.join(', ')})` : ''),
  );
}
