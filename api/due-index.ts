import type { DueItemsRepository } from '../adapters/dynamodb/due-items.ts';
import { type dueFilter, parseItemRow, statusOf } from '../adapters/dynamodb/item-row.ts';
import type { OnSkipped } from '../adapters/dynamodb/table.ts';
import { daysBetween, type IsoDate } from '../domain/calendar.ts';
import type { ListedItem } from '../domain/due-item.ts';
import { stageFor } from '../domain/evaluate.ts';
import type { Policy } from '../domain/policy.ts';

/**
 * Reading due work from the due-date index: filters, month planning and paging. The index is
 * sharded by month; the nightly job records how many items each month holds.
 */

export type MonthIndex = { months: string[]; counts: Record<string, number> };
type DueMonthReader = Pick<DueItemsRepository, 'queryMonth'>;

export { itemRowSchema, parseItemRow, statusOf } from '../adapters/dynamodb/item-row.ts';

/** A stored item row as a due item evaluated for `asOf`; null (named to `onSkipped`) when it does not parse. */
export function itemFromRecord(
  r: Record<string, unknown>,
  asOf: IsoDate,
  policy: Policy,
  onSkipped: OnSkipped,
): ListedItem | null {
  const row = parseItemRow(r, onSkipped);
  if (!row) return null;
  const daysRemaining = daysBetween(asOf, row.dueBy);
  return {
    itemId: row.itemId,
    kind: row.kind,
    trustId: row.trustId,
    trustName: row.trustName,
    region: row.region,
    locationId: row.locationId,
    locationName: row.locationName,
    service: row.service,
    rating: row.rating,
    reference: row.reference,
    basisDate: row.basisDate,
    dueBy: row.dueBy,
    daysRemaining,
    stage: stageFor(row.kind, daysRemaining, policy),
    relationshipHolder: row.relationshipHolder,
    ...statusOf(row),
  };
}

/** At most this many month Queries in flight at once. */
const MAX_MONTHS_IN_FLIGHT = 16;

/**
 * Items due on or before `upTo` (overdue included), in due-date order, from the due-date index:
 * one Query per month that holds items, read in order, starting after `from` when paging. The
 * months a page needs are known from the item counts the nightly job records, so they are all
 * queried at once; if filters or new imports leave the page short, the following months are
 * queried ahead 1, 2, 4, … at a time. Never a Scan.
 */
export async function* dueItems(
  store: DueMonthReader,
  dueMonths: () => Promise<MonthIndex>,
  upTo: IsoDate,
  from: { month: string; after: string } | null,
  filter: ReturnType<typeof dueFilter>,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>> {
  const lastMonth = upTo.slice(0, 7);
  const upper = `${upTo}$`; // '$' sorts after the '#' that follows the date in GSI1SK
  const index = await dueMonths();
  const months = index.months.filter((m) => m <= lastMonth && (!from || m >= from.month));
  const rangeOf = (month: string) =>
    from && month === from.month ? { after: from.after } : { before: upper };
  const pending: Promise<Awaited<ReturnType<DueMonthReader['queryMonth']>>>[] = [];
  const queue = (upToIndex: number) => {
    while (pending.length < Math.min(upToIndex, months.length)) {
      const page = store.queryMonth(months[pending.length]!, rangeOf(months[pending.length]!), {
        limit: pageSize,
        filter,
      });
      page.catch(() => {}); // a reader that stops early leaves look-ahead pages unread
      pending.push(page);
    }
  };
  // The first round: as many months as the recorded counts say a page needs.
  let expected = 0;
  let firstRound = 0;
  while (firstRound < months.length && firstRound < MAX_MONTHS_IN_FLIGHT && expected < pageSize) {
    expected += index.counts[months[firstRound]!] ?? 1;
    firstRound++;
  }
  queue(Math.max(1, firstRound));
  let window = 1;
  for (let i = 0; i < months.length; i++) {
    queue(i + window);
    let page = await pending[i]!;
    for (;;) {
      for (const item of page.items) {
        if (String(item.GSI1SK) >= upper) return;
        yield item;
      }
      if (!page.lastKey) break;
      page = await store.queryMonth(months[i]!, rangeOf(months[i]!), {
        limit: pageSize,
        exclusiveStartKey: page.lastKey,
        filter,
      });
    }
    if (i + 1 >= pending.length) window = Math.min(MAX_MONTHS_IN_FLIGHT, window * 2);
  }
}
