import pMap from 'p-map';
import { type IsoDate, isIsoDate } from '../domain/calendar.ts';
import { planTrust, type StoredTrust } from '../domain/night-plan.ts';
import type { Policy } from '../domain/policy.ts';
import type { TrustRecord } from '../domain/records.ts';
import type { DueItems, Runs, StoredTrusts } from './ports.ts';

export interface ImportSummary {
  trusts: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Due items whose due date or stage the import changed. */
  itemsRefreshed: number;
  dryRun: boolean;
}

export interface ImportOptions {
  asOf: IsoDate;
  policy: Policy;
  dryRun?: boolean;
  /** Who items without a relationship holder go to: carries their delivery state over. */
  fallbackRecipient?: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told what was stored for each trust before this import wrote to it (the read it makes anyway). */
  onStored?: (stored: StoredTrust) => void;
}

export interface ImportPorts {
  trusts: StoredTrusts;
  dueItems: DueItems;
  /** The nightly runs: an import plans stages for the date of the latest, when that is later. */
  runs?: Pick<Runs, 'latest'>;
}

/**
 * The date an import plans stages for: its own, or the latest nightly run's when that is later.
 * Stages only move forward, so an import after a run (whose as-of may lie ahead of today in a
 * test or a catch-up) never writes a stage dated before the one the run recorded, and an
 * import of unchanged records writes nothing.
 */
async function planningDate(ports: ImportPorts, asOf: IsoDate): Promise<IsoDate> {
  const latest = (await ports.runs?.latest())?.asOf;
  return typeof latest === 'string' && isIsoDate(latest) && latest > asOf ? latest : asOf;
}

/**
 * What the file says, filled in from what the table already knows where the file is silent:
 * a CQC API file has no trust name or relationship holder, and must not erase them.
 */
export function withStoredDefaults(trust: TrustRecord, stored: TrustRecord | null): TrustRecord {
  if (!stored) return trust;
  return {
    ...trust,
    name: trust.name ?? stored.name,
    sector: trust.sector ?? stored.sector,
    region: trust.region ?? stored.region,
    relationshipHolder: trust.relationshipHolder ?? stored.relationshipHolder,
    // Absent: the input is silent (a location document); null: nothing is left to check.
    toCheck: trust.toCheck === undefined ? stored.toCheck : trust.toCheck,
    // An admin's check and hand-set due date: only the table holds it.
    checked: trust.checked === undefined ? stored.checked : trust.checked,
  };
}

/**
 * Loads validated trust records into the table: compares each record with what is stored and
 * writes only what is new or changed (batched, with retries), then refreshes the trust's due
 * items so a changed rating or date moves its due date at once. Records in the table that the
 * input does not mention are left alone: an import adds and updates, never deletes.
 */
export async function importTrusts(
  ports: ImportPorts,
  trusts: readonly TrustRecord[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    trusts: trusts.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    itemsRefreshed: 0,
    dryRun: !!options.dryRun,
  };
  let done = 0;
  const asOf = options.dryRun ? options.asOf : await planningDate(ports, options.asOf);
  await pMap(
    trusts,
    async (incoming) => {
      const stored = await ports.trusts.read(incoming.trustId);
      options.onStored?.(stored);
      const trust = withStoredDefaults(incoming, stored.trust);
      const counts = await ports.trusts.upsert(trust, stored.trust, { dryRun: !!options.dryRun });
      summary.created += counts.created;
      summary.updated += counts.updated;
      summary.unchanged += counts.unchanged;
      if (!options.dryRun) {
        // Items follow the records even when the records were written by an import that was
        // interrupted before it refreshed them: running the same import again completes it.
        const after = counts.created + counts.updated > 0 ? await ports.trusts.read(trust.trustId) : stored;
        if (after.trust) {
          const plan = planTrust(after, after.trust, {
            runId: 'import',
            asOf,
            policy: options.policy,
            fallbackRecipient: options.fallbackRecipient ?? '',
          });
          for (const { itemId, item, stageChanged, told, isNew, newBasis, repair } of plan.saves) {
            await ports.dueItems.save(itemId, item, asOf, stageChanged, told, isNew, { newBasis, repair });
          }
          await ports.dueItems.addMonths([...new Set(plan.saves.map((s) => s.item.dueBy.slice(0, 7)))]);
          await ports.dueItems.close(after.trustId, plan.closes, asOf);
          // `/to-check` follows the records at once, like `/due-work`; the nightly job tells it.
          if (plan.saveToCheck) await ports.dueItems.saveToCheck(plan.saveToCheck);
          if (plan.closeToCheck) await ports.dueItems.closeToCheck(after.trustId);
          summary.itemsRefreshed += plan.saves.length + plan.closes.length;
        }
      }
      done++;
      options.onProgress?.(done, trusts.length);
    },
    { concurrency: options.concurrency ?? 8 },
  );
  return summary;
}
