import {
  massRetirementOfTrust,
  massRetirementOfTrusts,
  SYNC_RETIRE_REASONS,
} from '../domain/sources/cqc-sync.ts';
import type { RetireScope, StoredTrusts } from './ports.ts';
import { NothingToRetireError, retireRecords } from './retire-records.ts';
import type { SyncContext, SyncCounts } from './sync-types.ts';

/** A location to retire, and why. */
export interface LocationGone {
  locationId: string;
  reason: string;
}

const CONFIRM = 'if CQC really says so, confirm with `sync --allow-mass-retire`';

/**
 * The sync's retirements: what CQC's documents say is gone is retired as `remove` does, unless
 * it is a mass retirement (all of a trust, or whole trusts over the configured share), which is
 * held, named, and read again each run until an admin confirms it.
 */
export class SyncRetirements {
  /** Whole trusts the API says are gone: retired at the end of the run, when not too many. */
  private readonly trustsGone: { trustId: string; reason: string }[] = [];

  constructor(
    private readonly trusts: StoredTrusts,
    private readonly context: Pick<SyncContext, 'allowMassRetire' | 'maxTrustShare' | 'now' | 'asOf'>,
    private readonly counts: SyncCounts,
    private readonly known: Map<string, Set<string>>,
  ) {}

  trustGone(trustId: string, reason: string) {
    this.trustsGone.push({ trustId, reason });
  }

  /** Retires as `remove` does; false when nothing of the scope was stored. */
  private async retireScope(scope: RetireScope, reason: string): Promise<boolean> {
    try {
      await retireRecords(this.trusts, scope, {
        dryRun: false,
        reason,
        now: this.context.now,
        on: this.context.asOf,
      });
      return true;
    } catch (err) {
      if (!(err instanceof NothingToRetireError)) throw err;
      return false;
    }
  }

  async retire(trustId: string, locationId: string | null, reason: string) {
    if (!(await this.retireScope({ trustId, locationId: locationId ?? undefined }, reason))) return;
    this.counts.retired.push({ trustId, locationId, reason });
    if (locationId) this.known.get(trustId)?.delete(locationId);
    else this.known.delete(trustId);
  }

  /**
   * Retires what the documents say is gone from one trust, unless it is all of the trust's
   * locations or all its core services: then nothing of the trust is retired, the run names
   * why, and an admin confirms with `--allow-mass-retire`.
   */
  async withinBounds(
    trustId: string,
    locations: LocationGone[],
    services: { locationId: string; service: string }[],
    storedServices: number,
  ) {
    if (locations.length === 0 && services.length === 0) return;
    const held = this.context.allowMassRetire
      ? null
      : massRetirementOfTrust({
          trustId,
          storedLocations: [...(this.known.get(trustId) ?? [])].filter((id) => id !== trustId),
          locations: locations.map((l) => l.locationId),
          storedServices,
          services: services.length,
        });
    if (held) {
      this.counts.retireHeld++;
      // Transient: the watermark waits (or the provider is read first next run), so the run
      // that confirms it reads the same documents again; until then it is held every run.
      this.counts.problems.push({
        document: `/providers/${trustId}`,
        reason: `${held}: nothing of this trust was retired; ${CONFIRM}`,
        transient: true,
      });
      return;
    }
    for (const { locationId, reason } of locations) await this.retire(trustId, locationId, reason);
    if (services.length === 0) return;
    const reason = SYNC_RETIRE_REASONS.serviceNoLongerRated;
    if (!(await this.retireScope({ trustId, coreServices: services }, reason))) return;
    for (const cs of services) this.counts.retired.push({ trustId, ...cs, reason });
  }

  /**
   * Retires the whole trusts the run found gone (deregistered, or no longer NHS), unless they
   * are more than one and over the configured share of the stored trusts: a listing or a
   * feed gone wrong looks like that, so nothing is retired and the run names why.
   */
  async retireTrustsGone(storedTrusts: number): Promise<string[]> {
    const gone = this.trustsGone.splice(0);
    const held = this.context.allowMassRetire
      ? null
      : massRetirementOfTrusts({
          trustIds: gone.map((g) => g.trustId),
          storedTrusts,
          maxShare: this.context.maxTrustShare,
        });
    if (held) {
      this.counts.retireHeld++;
      this.counts.problems.push({
        document: 'this run',
        reason: `${held}: none was retired; ${CONFIRM}`,
        transient: true,
      });
      return gone.map((g) => g.trustId);
    }
    for (const { trustId, reason } of gone) await this.retire(trustId, null, reason);
    return [];
  }
}
