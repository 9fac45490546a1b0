import { stringify } from 'csv-stringify/sync';
import type { ActionRecord } from './actions.ts';
import { columnValue, type DueItem, ITEM_COLUMNS, type ListedItem } from './due-item.ts';
import type { ItemStatusFields } from './item-state.ts';
import { evaluatedOn, longDate, statusTag } from './item-words.ts';
import { KIND_LABELS, STAGE_LABELS } from './labels.ts';
import type { TrustChange } from './trust-changes.ts';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first),
 * made inert with a leading apostrophe, as OWASP advises. Numbers (-12 days) are left as numbers.
 */
export function neutraliseFormula(cell: string): string {
  return /^\s*[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 with a header row, and every cell quoted that holds a separator of any locale (`,` or
 * the `;` of a semicolon-locale spreadsheet), a quote or a line break: a spreadsheet that splits
 * on `;` cannot start a formula mid-cell.
 */
export const CSV_OPTIONS = { header: true, record_delimiter: 'windows', quoted_match: /[,;"\r\n]/ } as const;

/** Due items as CSV: empty cells for nulls; formulas neutralised. */
export function itemsToCsv(items: readonly (DueItem & Partial<ItemStatusFields>)[]): string {
  return stringify(
    items.map((item) => ITEM_COLUMNS.map((c) => neutraliseFormula(columnValue(item, c)))),
    { ...CSV_OPTIONS, columns: [...ITEM_COLUMNS] },
  );
}

/** The CLI's table, in the pages' words: dates in words, the status as its tag reads, then the stage. */
const TABLE_COLUMNS: { title: string; get: (i: ListedItem) => string; right?: boolean }[] = [
  { title: 'Due by', get: (i) => longDate(i.dueBy) },
  { title: 'Days', get: (i) => String(i.daysRemaining), right: true },
  { title: 'Status', get: (i) => statusTag(i, evaluatedOn(i))?.text ?? 'Open' },
  { title: 'Stage', get: (i) => STAGE_LABELS[i.stage] },
  { title: 'Kind', get: (i) => KIND_LABELS[i.kind] },
  { title: 'Trust', get: (i) => (i.trustName ? `${i.trustId} ${i.trustName}` : i.trustId) },
  { title: 'Location', get: (i) => (i.locationId ? `${i.locationId} ${i.locationName}` : '') },
  { title: 'Service', get: (i) => i.service ?? i.reference ?? '' },
  { title: 'Rating', get: (i) => i.rating ?? '' },
  { title: 'Holder', get: (i) => i.relationshipHolder?.name ?? '(none)' },
];

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** An aligned plain-text table for people at a terminal. */
export function itemsToTable(items: readonly ListedItem[], maxColumnWidth = 40): string {
  const rows = items.map((item) => TABLE_COLUMNS.map((c) => clip(c.get(item), maxColumnWidth)));
  const widths = TABLE_COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((text, i) => (TABLE_COLUMNS[i]!.right ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(TABLE_COLUMNS.map((c) => c.title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

/** The columns of a trust's action history as CSV: when, which item, what, who, why. */
export const ACTION_COLUMNS = [
  'at',
  'itemId',
  'action',
  'from',
  'to',
  'by',
  'role',
  'on',
  'waiverReason',
  'reason',
  'note',
  'version',
  'basisDate',
] as const satisfies readonly (keyof ActionRecord)[];

/**
 * What people did with a trust's items, oldest first, as CSV (formulas neutralised); a record
 * that no longer reads is a row that says so, never left out.
 */
export function actionsToCsv(history: {
  actions: readonly ActionRecord[];
  trustChanges?: readonly TrustChange[];
  unreadable: readonly { itemId: string; version: number; reason: string }[];
}): string {
  // A change of the trust itself is a row too: no item, the change as its action, from and to whom.
  const changes = (history.trustChanges ?? []).map((t) =>
    ACTION_COLUMNS.map((c) => {
      const cell: Partial<Record<(typeof ACTION_COLUMNS)[number], string | number | null>> = {
        at: t.at,
        itemId: '',
        action: t.change === 'holder' ? 'assign-holder' : 'mark-checked',
        from: t.change === 'holder' ? (t.holderBefore?.email ?? '') : '',
        to: t.change === 'holder' ? (t.holderAfter?.email ?? '') : '',
        by: t.by,
        role: t.role,
        on: t.dueBy,
        reason: t.reason,
        version: t.version,
      };
      return cell[c] === null || cell[c] === undefined ? '' : String(cell[c]);
    }),
  );
  const unreadable = history.unreadable.map((u) =>
    ACTION_COLUMNS.map((c) =>
      c === 'itemId'
        ? u.itemId
        : c === 'version'
          ? String(u.version)
          : c === 'note'
            ? `This record could not be read: ${u.reason}`
            : '',
    ),
  );
  return stringify(
    [
      // Oldest first, items' actions and the trust's changes together (`at` is the first column).
      ...[
        ...history.actions.map((r) => ACTION_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c])))),
        ...changes,
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
      ...unreadable,
    ].map((row) => row.map(neutraliseFormula)),
    { ...CSV_OPTIONS, columns: [...ACTION_COLUMNS] },
  );
}
