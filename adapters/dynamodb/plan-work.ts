import pMap from 'p-map';
import type { IsoDate } from '../../domain/calendar.ts';
import type { PlanItem } from '../../domain/planning/work.ts';
import { SITE_VISIT_KINDS } from '../../domain/planning/work.ts';
import type { DueItemsRepository } from './due-items.ts';
import { dueFilter, parseItemRow, statusOf } from './item-row.ts';
import type { OnSkipped } from './table.ts';

/**
 * The work a plan reads, from the due-date index: every site-visit item due up to the plan's
 * last day (overdue included) and the planning meetings the PIR inspections wait for; from the
 * months after it, only booked site visits (a booking in the plan's weeks uses their room).
 * One Query per month, four at a time; never a Scan.
 */
const PLANNED_KINDS = [...SITE_VISIT_KINDS, 'planning-meeting'] as const;

export async function readPlanWork(
  store: Pick<DueItemsRepository, 'queryMonth' | 'readMonths'>,
  lastDay: IsoDate,
  onSkipped: OnSkipped,
): Promise<PlanItem[]> {
  const index = await store.readMonths();
  const lastMonth = lastDay.slice(0, 7);
  const rows = await pMap(
    index?.months ?? [],
    async (month) => {
      const within = month <= lastMonth;
      const filter = within
        ? dueFilter({ kind: PLANNED_KINDS })
        : dueFilter({ kind: SITE_VISIT_KINDS, storedStatus: 'booked' });
      const out: Record<string, unknown>[] = [];
      let lastKey: Record<string, unknown> | undefined;
      do {
        const page = await store.queryMonth(
          month,
          { before: '9999' },
          { filter, exclusiveStartKey: lastKey },
        );
        out.push(...page.items);
        lastKey = page.lastKey;
      } while (lastKey);
      return out;
    },
    { concurrency: 4 },
  );
  const items: PlanItem[] = [];
  for (const raw of rows.flat()) {
    const row = parseItemRow(raw, onSkipped);
    if (!row) continue;
    // What people did with it, as every reader reads it: a state that does not parse is open.
    const { itemState: _state, relationshipHolder: _holder, ...fields } = row;
    items.push({ ...fields, ...statusOf(row) });
  }
  return items.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}
