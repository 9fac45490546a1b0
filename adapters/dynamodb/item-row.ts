import type { IsoDate } from '../../domain/calendar.ts';
import {
  type ItemStatus,
  type ItemStatusFields,
  itemStateSchema,
  itemStatusOf,
  OPEN,
} from '../../domain/item-state.ts';
import { DUE_KINDS, type DueKind } from '../../domain/policy.ts';
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

/**
 * A Query's filter on due-item rows: kinds, a trust, a region, a holder (`none`: no holder), and
 * `storedStatus`, a prefilter on the stored state that the reader checks again on the item's
 * current basis (a booking on an old basis does not hold).
 */
export function dueFilter(q: {
  kind?: readonly DueKind[];
  trustId?: string;
  region?: string;
  holder?: string;
  storedStatus?: ItemStatus;
}) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (q.kind) {
    names['#kind'] = 'kind';
    const placeholders = q.kind.map((kind, i) => {
      values[`:kind${i}`] = kind;
      return `:kind${i}`;
    });
    parts.push(`#kind IN (${placeholders.join(', ')})`);
  }
  if (q.trustId) {
    names['#trustId'] = 'trustId';
    values[':trustId'] = q.trustId;
    parts.push('#trustId = :trustId');
  }
  if (q.region) {
    names['#region'] = 'region';
    values[':region'] = q.region;
    parts.push('#region = :region');
  }
  if (q.holder === 'none') {
    names['#rh'] = 'relationshipHolder';
    values[':null'] = 'NULL';
    parts.push('(attribute_not_exists(#rh) OR attribute_type(#rh, :null))');
  } else if (q.holder) {
    names['#rh'] = 'relationshipHolder';
    names['#email'] = 'email';
    values[':holder'] = q.holder.toLowerCase();
    parts.push('#rh.#email = :holder');
  }
  if (q.storedStatus) {
    names['#is'] = 'itemState';
    names['#st'] = 'status';
    values[':storedStatus'] = q.storedStatus;
    parts.push('#is.#st = :storedStatus');
  }
  return parts.length > 0 ? { expression: parts.join(' AND '), names, values } : undefined;
}
