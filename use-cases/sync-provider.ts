import pMap from 'p-map';
import type { CoreService, TrustRecord } from '../domain/records.ts';
import {
  locationFacts,
  providerVerdict,
  SYNC_RETIRE_REASONS,
  unlistedLocations,
} from '../domain/sources/cqc-sync.ts';
import { InputError, mergeInputs, type ParsedInput, parseCqcDocument } from '../domain/sources/index.ts';
import { toCheckList } from '../domain/to-check.ts';
import { importTrusts } from './import-trusts.ts';
import { isKeyRefusal } from './ports.ts';
import { type LocationGone, SyncRetirements } from './sync-retirements.ts';
import type { SyncContext, SyncCounts, SyncPorts } from './sync-types.ts';

export type { SyncContext, SyncCounts, SyncPorts, SyncProblem } from './sync-types.ts';

/**
 * Brings one provider, or one location, in line with the CQC API: fetches the documents, parses
 * them with the same readers and validation as `import`, imports what they say, and retires what
 * they say is gone. A document that fails validation is named and skipped; the rest go ahead.
 */
export class ProviderSync {
  /** Locations read in this run: a location changed along with its provider is read once. */
  private readonly locationsRead = new Set<string>();
  /** Each imported trust's core services as stored before the import: what may have been withdrawn. */
  private readonly storedServices = new Map<string, CoreService[]>();
  /** What the documents say is gone, retired within the bounds an admin has not lifted. */
  readonly retirements: SyncRetirements;

  constructor(
    private readonly ports: SyncPorts,
    private readonly context: SyncContext,
    readonly counts: SyncCounts,
    /** Stored trust ids and their locations, kept current as the sync goes. */
    readonly known: Map<string, Set<string>>,
  ) {
    this.retirements = new SyncRetirements(ports.trusts, context, counts, known);
  }

  private async fetch(path: string, get: () => Promise<unknown | null>): Promise<unknown | null | undefined> {
    try {
      const doc = await get();
      if (doc !== null) this.counts.documentsFetched++;
      return doc;
    } catch (err) {
      // A refused key or the run's deadline ends the run, not just this document.
      if (isKeyRefusal(err) || this.context.signal?.aborted) throw err;
      const e = err as Error & { transient?: boolean };
      this.counts.problems.push({ document: path, reason: e.message, transient: e.transient ?? true });
      return undefined;
    }
  }

  private parse(doc: unknown, path: string): ParsedInput | null {
    try {
      return parseCqcDocument(doc, path);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.counts.problems.push({ document: path, reason: err.message, transient: false });
      return null;
    }
  }

  /** Imports what the documents say; the trusts imported, or null when they do not merge. */
  private async importParsed(inputs: ParsedInput[], source: string): Promise<TrustRecord[] | null> {
    let merged: ParsedInput;
    try {
      merged = mergeInputs(inputs);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.counts.problems.push({ document: source, reason: err.message, transient: false });
      return null;
    }
    this.counts.toCheck.push(...toCheckList(merged.trusts));
    if (merged.trusts.length === 0) return merged.trusts;
    const summary = await importTrusts(this.ports, merged.trusts, {
      asOf: this.context.asOf,
      policy: this.context.policy,
      fallbackRecipient: this.context.fallbackRecipient,
      onStored: (stored) => this.storedServices.set(stored.trustId, stored.trust?.coreServices ?? []),
    });
    this.counts.created += summary.created;
    this.counts.updated += summary.updated;
    this.counts.unchanged += summary.unchanged;
    for (const t of merged.trusts) {
      const locations = this.known.get(t.trustId) ?? new Set<string>();
      for (const cs of t.coreServices) locations.add(cs.locationId);
      this.known.set(t.trustId, locations);
    }
    return merged.trusts;
  }

  /**
   * The stored core services that the provider's documents, all read, no longer rate: at the
   * provider itself and at each location whose document was read. A location whose document
   * could not be read keeps what it has.
   */
  private unrated(stored: readonly CoreService[], imported: readonly TrustRecord[], read: Set<string>) {
    const rated = new Set(
      imported.flatMap((t) => t.coreServices.map((cs) => `${cs.locationId}\u0000${cs.service}`)),
    );
    return stored
      .filter((cs) => read.has(cs.locationId))
      .filter((cs) => !rated.has(`${cs.locationId}\u0000${cs.service}`))
      .map(({ locationId, service }) => ({ locationId, service }));
  }

  /** A provider and every location it lists; `doc` when the provider document is in hand. */
  async provider(providerId: string, doc?: unknown): Promise<void> {
    this.counts.providersChecked++;
    const path = `/providers/${providerId}`;
    const providerDoc =
      doc ?? (await this.fetch(path, () => this.ports.api.provider(providerId, this.context.signal)));
    if (providerDoc === undefined) return;
    if (providerDoc === null) {
      this.counts.skipped++;
      if (this.known.has(providerId))
        this.counts.problems.push({
          document: path,
          reason:
            'not found (404): the trust is left as it is; remove it with `remove --trust` if it is gone',
          transient: false,
        });
      return;
    }
    const verdict = providerVerdict(providerDoc);
    if (!verdict) {
      this.counts.problems.push({
        document: path,
        reason: 'not a provider document (no providerId)',
        transient: false,
      });
      return;
    }
    if (verdict.verdict === 'incomplete') {
      this.counts.problems.push({ document: path, reason: verdict.problem, transient: false });
      return;
    }
    if (verdict.verdict === 'retire') {
      this.counts.skipped++;
      if (this.known.has(providerId)) this.retirements.trustGone(providerId, verdict.reason);
      return;
    }
    const provider = this.parse(providerDoc, path);
    if (!provider) return; // named: the trust waits for a document that validates
    const inputs: ParsedInput[] = [provider];
    const stored = this.known.get(providerId);
    const problemsBefore = this.counts.problems.length;
    /** Locations whose documents were read and parsed: what they no longer rate can go. */
    const read = new Set<string>([providerId]);
    const gone: LocationGone[] = [];
    await pMap(
      verdict.locationIds,
      async (locationId) => {
        const locationPath = `/locations/${locationId}`;
        this.locationsRead.add(locationId);
        const { signal } = this.context;
        const locationDoc = await this.fetch(locationPath, () => this.ports.api.location(locationId, signal));
        if (!locationDoc) return;
        const facts = locationFacts(locationDoc);
        if (facts?.deregistered && stored?.has(locationId))
          gone.push({ locationId, reason: SYNC_RETIRE_REASONS.locationDeregistered });
        const parsed = this.parse(locationDoc, locationPath);
        if (parsed) {
          inputs.push(parsed);
          if (!facts?.deregistered) read.add(locationId);
        }
      },
      { concurrency: this.context.concurrency },
    );
    const imported = await this.importParsed(inputs, path);
    // What was stored before this import (which only adds): no second read of the trust.
    const storedServices = this.storedServices.get(providerId) ?? [];
    this.storedServices.delete(providerId);
    for (const locationId of unlistedLocations(providerId, stored, verdict.locationIds))
      gone.push({ locationId, reason: SYNC_RETIRE_REASONS.locationUnlisted });
    // Services only when every document of the provider came through: a gap is no evidence of a withdrawal.
    const complete = imported !== null && this.counts.problems.length === problemsBefore;
    await this.retirements.withinBounds(
      providerId,
      gone.sort((a, b) => a.locationId.localeCompare(b.locationId)),
      complete ? this.unrated(storedServices, imported, read) : [],
      storedServices.length,
    );
  }

  /**
   * One changed location of a known provider: imported on its own, which never erases the
   * trust's other locations; retired when deregistered. Returns the provider id to sync whole
   * when the provider is not stored yet (a new trust, or one newly rated).
   */
  async location(locationId: string): Promise<string | null> {
    if (this.locationsRead.has(locationId)) return null;
    this.locationsRead.add(locationId);
    const path = `/locations/${locationId}`;
    const doc = await this.fetch(path, () => this.ports.api.location(locationId, this.context.signal));
    if (doc === undefined) return null;
    const facts = doc === null ? null : locationFacts(doc);
    if (!facts?.nhs) {
      this.counts.skipped++;
      return null;
    }
    if (!this.known.has(facts.providerId)) return facts.providerId;
    if (facts.deregistered) {
      this.counts.skipped++;
      if (this.known.get(facts.providerId)?.has(locationId))
        await this.retirements.withinBounds(
          facts.providerId,
          [{ locationId, reason: SYNC_RETIRE_REASONS.locationDeregistered }],
          [],
          0,
        );
      return null;
    }
    const parsed = this.parse(doc, path);
    if (parsed) await this.importParsed([parsed], path);
    return null;
  }
}
