import type { IsoDate } from './calendar.ts';
import { itemIdOf, type ListedItem } from './due-item.ts';
import { evaluate, type Selection, selectItems, sortItems, type UnratedService } from './evaluate.ts';
import { type ItemState, itemStatusOf, needsAction, OPEN } from './item-state.ts';
import type { Policy } from './policy.ts';
import type { AwaitingReport } from './records.ts';
import type { ParsedInput, Skipped } from './sources/types.ts';
import { type ToCheck, toCheckList } from './to-check.ts';

/** The answer to "what is due?": the document the `due` command prints as JSON. */
export interface DueReport {
  asOf: IsoDate;
  items: ListedItem[];
  /**
   * Items left out because people acted on them and nothing more is asked (booked while its date
   * is ahead, deferred, waived): the queue's rule, needsAction. `--all` lists them with their status.
   */
  actedOn: { booked: number; deferred: number; waived: number };
  unrated: UnratedService[];
  awaitingReport: AwaitingReport[];
  /** Trusts rated only in a way that gives no due date (the single assessment framework). */
  toCheck: ToCheck[];
  skipped: Skipped[];
}

export function buildDueReport(
  input: ParsedInput,
  asOf: IsoDate,
  policy: Policy,
  selection: Selection,
  /** What people did with each item, by item id (the table's; none for records read from files). */
  states: ReadonlyMap<string, ItemState> = new Map(),
): DueReport {
  const { items: evaluated, unrated } = evaluate(input.trusts, asOf, policy);
  const actedOn = { booked: 0, deferred: 0, waived: 0 };
  const items: ListedItem[] = [];
  for (const item of sortItems(selectItems(evaluated, selection))) {
    const itemId = itemIdOf(item);
    const state = states.get(itemId) ?? OPEN;
    const fields = itemStatusOf(state, item.basisDate);
    if (selection.mode !== 'all' && fields.status !== 'open' && !needsAction(fields, asOf)) {
      actedOn[fields.status]++;
      continue;
    }
    items.push({ ...item, itemId, ...fields });
  }
  const trustNames = new Map(input.trusts.map((t) => [t.trustId, t.name]));
  const unratedLocations = input.unratedLocations.map((u) => ({
    ...u,
    trustName: u.trustName ?? trustNames.get(u.trustId) ?? null,
  }));
  return {
    asOf,
    items,
    actedOn,
    unrated: [...unrated, ...unratedLocations].sort(
      (a, b) =>
        a.trustId.localeCompare(b.trustId) ||
        a.locationId.localeCompare(b.locationId) ||
        (a.service ?? '').localeCompare(b.service ?? ''),
    ),
    awaitingReport: [...input.awaitingReport].sort(
      (a, b) => a.trustId.localeCompare(b.trustId) || a.locationId.localeCompare(b.locationId),
    ),
    toCheck: toCheckList(input.trusts),
    skipped: input.skipped,
  };
}
