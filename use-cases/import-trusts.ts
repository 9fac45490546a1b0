import pMap from 'p-map';
import { recordsOfTrust, type TrustPartition, type TrustStore, trustOf } from '../adapters/dynamodb/store.ts';
import type { IsoDate } from '../domain/calendar.ts';
import type { Policy } from '../domain/policy.ts';
import type { TrustRecord } from '../domain/records.ts';
import { planTrustSync } from '../domain/trust-plan.ts';

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
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
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
  };
}

function storedRecords(p: TrustPartition): Map<string, string> {
  const out = new Map<string, string>();
  const trust = trustOf(p);
  if (!trust) return out;
  for (const record of recordsOfTrust(trust)) out.set(String(record.SK), JSON.stringify(record));
  return out;
}

/**
 * Loads validated trust records into the table: compares each record with what is stored and
 * writes only what is new or changed (batched, with retries), then refreshes the trust's due
 * items so a changed rating or date moves its due date at once. Records in the table that the
 * input does not mention are left alone: an import adds and updates, never deletes.
 */
export async function importTrusts(
  store: TrustStore,
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
  await pMap(
    trusts,
    async (incoming) => {
      const partition = await store.readTrust(incoming.trustId);
      const trust = withStoredDefaults(incoming, trustOf(partition));
      const before = storedRecords(partition);
      const changed: Record<string, unknown>[] = [];
      for (const record of recordsOfTrust(trust)) {
        const previous = before.get(String(record.SK));
        if (previous === undefined) summary.created++;
        else if (previous !== JSON.stringify(record)) summary.updated++;
        else {
          summary.unchanged++;
          continue;
        }
        changed.push(record);
      }
      if (changed.length > 0 && !options.dryRun) {
        await store.batchWrite(changed);
        const after = await store.readTrust(trust.trustId);
        const merged = trustOf(after);
        if (merged) {
          const plan = planTrustSync(after, merged, options.asOf, options.policy, 'import');
          for (const { itemId, item, stageChanged } of plan.saves) {
            await store.saveItem(itemId, item, options.asOf, stageChanged);
          }
          await store.addDueMonths([...new Set(plan.saves.map((s) => s.item.dueBy.slice(0, 7)))]);
          await store.deleteItems(merged.trustId, plan.deletes);
          summary.itemsRefreshed += plan.saves.length + plan.deletes.length;
        }
      }
      done++;
      options.onProgress?.(done, trusts.length);
    },
    { concurrency: options.concurrency ?? 8 },
  );
  return summary;
}
