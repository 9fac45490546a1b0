import type { IsoDate } from '../../domain/calendar.ts';
import { type ItemStatusFields, itemStateSchema, itemStatusOf, OPEN } from '../../domain/item-state.ts';
import { DUE_KINDS } from '../../domain/policy.ts';
import { RATINGS } from '../../domain/ratings.ts';
import { isoDate } from '../../domain/records.ts';
import * as z from '../../domain/zod.ts';
import { type OnSkipped, parseRow } from './table.ts';

/** A due-item row as readers take it (the API, the pages, the plan): one schema, one reading of its state. */
const text = z.string().check(z.minLength(1));
const maybe = <T extends z.ZodMiniType>(t: T) => z._default(z.optional(z.nullable(t)), null);

/** A due-item row as it is read: what it shows, each field checked; the rest is ignored. */
export const itemRowSchema = z.object({
  itemId: text,
  kind: z.enum(DUE_KINDS),
  trustId: text,
  trustName: maybe(z.string()),
  region: maybe(z.string()),
  locationId: maybe(z.string()),
  locationName: maybe(z.string()),
  service: maybe(z.string()),
  rating: maybe(z.enum(RATINGS)),
  reference: maybe(z.string()),
  basisDate: isoDate,
  dueBy: isoDate,
  relationshipHolder: maybe(z.object({ name: z.string(), email: z.string() })),
  /** What people did with it (checked where it is read: statusOf). */
  itemState: z.optional(z.unknown()),
});

/** What people did with an item row, on its current basis; a state that does not parse counts as open (it never hides an item). */
export function statusOf(row: { itemState?: unknown; basisDate: IsoDate }): ItemStatusFields {
  const parsed = itemStateSchema.safeParse(row.itemState);
  return itemStatusOf(parsed.success ? parsed.data : OPEN, row.basisDate);
}

/** A due-item row as it is read; null, named to `onSkipped`, when it does not parse. */
export function parseItemRow(r: Record<string, unknown>, onSkipped: OnSkipped) {
  return parseRow(itemRowSchema, r, onSkipped);
}
