import type { IsoDate } from '../domain/calendar.ts';
import type { ListedItem } from '../domain/due-item.ts';
import { WHOLE_QUERY_CAP } from '../domain/queue.ts';
import type { SignedInUser } from '../domain/roles.ts';
import type { DueWorkQuery } from './queries.ts';
import { readDueWork } from './readers.ts';
import type { RouteDeps } from './route.ts';
import type { SkippedRows } from './skipped-rows.ts';

/**
 * Every item a query matches, up to WHOLE_QUERY_CAP (`complete` says whether that was all), in
 * due-date order: what the page counts and groups, read a thousand at a time.
 */
export async function readWholeQuery(
  deps: RouteDeps,
  user: SignedInUser,
  asked: DueWorkQuery,
  skipped: SkippedRows,
): Promise<{ asOf: IsoDate; items: ListedItem[]; complete: boolean }> {
  const items: ListedItem[] = [];
  let cursor: string | undefined;
  let asOf = asked.asOf ?? deps.today();
  do {
    const page = await readDueWork(deps, user, { ...asked, asOf, limit: 1000, cursor }, skipped);
    asOf = page.asOf;
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < WHOLE_QUERY_CAP);
  return { asOf, items, complete: cursor === undefined };
}
