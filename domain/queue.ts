import type { ListedItem } from './due-item.ts';
import { ITEM_STATUSES, type ItemStatus } from './item-state.ts';
import { STAGES_MOST_PRESSING_FIRST } from './labels.ts';
import type { Stage } from './policy.ts';

/**
 * A list of due work as a person works through it: counted by stage and status (each count a
 * way into the list), and folded by trust, each trust led by its soonest item.
 */

/** At most this many items make one whole-query read (the page's counts, the queue). */
export const WHOLE_QUERY_CAP = 5000;

export type Counts = { stage: Stage; status: ItemStatus; count: number }[];

/** How many items of each stage and status, most pressing stage first; only those there are. */
export function countsOf(items: readonly ListedItem[]): Counts {
  const counts: Counts = [];
  for (const stage of STAGES_MOST_PRESSING_FIRST)
    for (const status of ITEM_STATUSES) {
      const count = items.filter((i) => i.stage === stage && i.status === status).length;
      if (count > 0) counts.push({ stage, status, count });
    }
  return counts;
}

export interface TrustGroup {
  trustId: string;
  trustName: string | null;
  relationshipHolder: ListedItem['relationshipHolder'];
  /** Its items in due-date order: the first is the soonest. */
  items: ListedItem[];
}

/**
 * Items folded by trust, trusts in the order of their soonest item (overdue first, then by due
 * date); the items keep the order they came in (due-date order from the index).
 */
export function groupByTrust(items: readonly ListedItem[]): TrustGroup[] {
  const groups = new Map<string, TrustGroup>();
  for (const item of items) {
    let group = groups.get(item.trustId);
    if (!group) {
      group = {
        trustId: item.trustId,
        trustName: item.trustName,
        relationshipHolder: item.relationshipHolder,
        items: [],
      };
      groups.set(item.trustId, group);
    }
    group.items.push(item);
  }
  const soonest = (g: TrustGroup) => g.items.reduce((m, i) => (i.dueBy < m ? i.dueBy : m), g.items[0]!.dueBy);
  return [...groups.values()].sort(
    (a, b) => soonest(a).localeCompare(soonest(b)) || a.trustId.localeCompare(b.trustId),
  );
}
