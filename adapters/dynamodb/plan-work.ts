import pMap from 'p-map';
import type { IsoDate } from '../../domain/calendar.ts';
import type { PlanItem } from '../../domain/planning/work.ts';
import { SITE_VISIT_KINDS } from '../../domain/planning/work.ts';
import type { DueItemsRepository, ItemFilter } from './due-items.ts';
import { parseItemRow, statusOf } from './item-row.ts';
import type { OnSkipped } from './table.ts';

/**
 * The work a plan reads, from the due-date index: every site-visit item due up to the plan's
 * last day (overdue included) and the planning meetings the PIR inspections wait for; from the
 * months after it, only booked site visits (a booking in the plan's weeks uses their room).
 * One Query per month, four at a time; never a Scan.
 */
const PLANNED_KINDS = [...SITE_VISIT_KINDS, 'planning-meeting'] as const;

function kindFilter(kinds: readonly string[], bookedOnly: boolean): ItemFilter {
  const values: Record<string, unknown> = Object.fromEntries(kinds.map((k, i) => [`:k${i}`, k]));
  const names: Record<string, string> = { '#kind': 'kind' };
  let expression = `#kind IN (${kinds.map((_, i) => `:k${i}`).join(', ')})`;
  if (bookedOnly) {
    Object.assign(names, { '#is': 'itemState', '#st': 'status' });
    values[':booked'] = 'booked';
    expression += ' AND #is.#st = :booked';
  }
  return { expression, names, values };
}

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
      const filter = within ? kindFilter(PLANNED_KINDS, false) : kindFilter(SITE_VISIT_KINDS, true);
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
