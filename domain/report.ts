import type { IsoDate } from './calendar.ts';
import type { DueItem } from './due-item.ts';
import { evaluate, type Selection, selectItems, sortItems, type UnratedService } from './evaluate.ts';
import type { Policy } from './policy.ts';
import type { AwaitingReport } from './records.ts';
import type { ParsedInput, Skipped } from './sources/types.ts';
import { type ToCheck, toCheckList } from './to-check.ts';

/** The answer to "what is due?": the document the `due` command prints as JSON. */
export interface DueReport {
  asOf: IsoDate;
  items: DueItem[];
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
): DueReport {
  const { items, unrated } = evaluate(input.trusts, asOf, policy);
  const trustNames = new Map(input.trusts.map((t) => [t.trustId, t.name]));
  const unratedLocations = input.unratedLocations.map((u) => ({
    ...u,
    trustName: u.trustName ?? trustNames.get(u.trustId) ?? null,
  }));
  return {
    asOf,
    items: sortItems(selectItems(items, selection)),
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
