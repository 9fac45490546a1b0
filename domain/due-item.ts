import { type ItemStatusFields, itemStateSchema } from './item-state.ts';
import { DUE_KINDS, STAGES } from './policy.ts';
import { RATINGS } from './ratings.ts';
import { isoDate, relationshipHolderSchema } from './records.ts';
import { toldSchema } from './told.ts';
import * as z from './zod.ts';

/**
 * The due item: one piece of due work, what must happen, for whom, by when, and how pressing it
 * is. This schema is its one definition: the type, the API's response, the stored record, the
 * digest line, the CSV columns and the CLI table all derive from it.
 */
export const dueItemSchema = z.object({
  kind: z.enum(DUE_KINDS),
  trustId: z.string(),
  trustName: z.nullable(z.string()),
  region: z.nullable(z.string()),
  locationId: z.nullable(z.string()),
  locationName: z.nullable(z.string()),
  /** Core service name; null for trust-level kinds. */
  service: z.nullable(z.string()),
  rating: z.nullable(z.enum(RATINGS)),
  /** The well-led inspection or PIR the item comes from, for trust-level kinds. */
  reference: z.nullable(z.string()),
  /** The date the interval runs from (report publication, inspection start, PIR issue). */
  basisDate: isoDate,
  /** The last day that is still on time. */
  dueBy: isoDate,
  /** Days from as-of to due by; negative when overdue. */
  daysRemaining: z.int(),
  stage: z.enum(STAGES),
  relationshipHolder: z.nullable(relationshipHolderSchema),
});
export type DueItem = z.infer<typeof dueItemSchema>;
export type DueItemField = keyof DueItem;

/** A due item with its stable id, as the API, the CSV and the calendar give it out. */
export const identifiedItemSchema = z.extend(dueItemSchema, { itemId: z.string() });
export type IdentifiedItem = z.infer<typeof identifiedItemSchema>;

/** An item of due work with what people did with it, as it stands on its current basis. */
export type ListedItem = IdentifiedItem & ItemStatusFields;

/** A due item as the nightly job records it: no `daysRemaining` (it moves daily), plus its history. */
export const storedItemSchema = z.extend(z.omit(dueItemSchema, { daysRemaining: true }), {
  itemId: z.string(),
  /** The stage as of the last run that evaluated it, and since when. */
  stageChangedOn: isoDate,
  /** What each recipient has been told of it (domain/delivery.ts); absent on items not yet given it. */
  told: z.optional(toldSchema),
  /** Set while the item is kept as it was because a source record cannot be read. */
  sourceProblem: z.optional(z.string()),
  /** Before delivery state was kept per recipient: the stage last told. Read, never written. */
  notifiedStage: z._default(z.nullable(z.enum(STAGES)), null),
  stageHistory: z._default(z.array(z.object({ on: isoDate, stage: z.enum(STAGES) })), []),
  /** What people did with it (booked, deferred, waived): domain/actions.ts. Absent: open. */
  itemState: z.optional(itemStateSchema),
});
export type StoredItem = z.infer<typeof storedItemSchema>;

/** The fields that make up a due item's content: equal content means nothing to write. */
export const CONTENT_FIELDS = [
  'dueBy',
  'stage',
  'basisDate',
  'rating',
  'trustName',
  'region',
  'locationName',
  'reference',
] as const satisfies readonly DueItemField[];

/** What a column of due work shows: a field of the item, its holder's name or email, or its id. */
export type ItemColumn =
  | DueItemField
  | 'relationshipHolderName'
  | 'relationshipHolderEmail'
  | 'itemId'
  | keyof ItemStatusFields;

/**
 * The columns of due work in the order people read them (CSV export, `due --format csv`). Every
 * field of the schema appears once (the holder as name and email); a test holds them together.
 */
export const ITEM_COLUMNS = [
  'dueBy',
  'daysRemaining',
  'status',
  'bookedFor',
  'deferredUntil',
  'waiverReason',
  'acknowledgedBy',
  'stage',
  'kind',
  'trustId',
  'trustName',
  'locationId',
  'locationName',
  'service',
  'rating',
  'reference',
  'basisDate',
  'region',
  'relationshipHolderName',
  'relationshipHolderEmail',
  'itemId',
] as const satisfies readonly ItemColumn[];

/**
 * The item's stable id: the same obligation has the same id on every run, whatever the date or
 * rating. Derived on demand rather than stored, because evaluation builds millions of items a
 * night and only the few that changed need an id.
 */
export function itemIdOf(
  item: Pick<DueItem, 'kind' | 'trustId' | 'locationId' | 'service' | 'reference'>,
): string {
  if (item.kind === 'reinspection') return `reinspection#${item.trustId}#${item.locationId}#${item.service}`;
  if (item.kind === 'well-led') return `well-led#${item.trustId}`;
  return `${item.kind}#${item.trustId}#${item.reference}`;
}

/** The value of one column for an item, as text (empty for null). */
export function columnValue(item: DueItem & Partial<ItemStatusFields>, column: ItemColumn): string {
  switch (column) {
    case 'status':
      return item.status ?? 'open';
    case 'bookedFor':
    case 'deferredUntil':
    case 'waiverReason':
    case 'acknowledgedBy':
      return item[column] ?? '';
    case 'relationshipHolderName':
      return item.relationshipHolder?.name ?? '';
    case 'relationshipHolderEmail':
      return item.relationshipHolder?.email ?? '';
    case 'itemId':
      return itemIdOf(item);
    case 'relationshipHolder':
      return item.relationshipHolder
        ? `${item.relationshipHolder.name} <${item.relationshipHolder.email}>`
        : '';
    default: {
      const value = item[column];
      return value === null ? '' : String(value);
    }
  }
}
