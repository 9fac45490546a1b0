import type { IsoDate } from './calendar.ts';
import { dueItemSchema, type StoredItem } from './due-item.ts';
import { STAGES } from './policy.ts';
import { isoDate } from './records.ts';
import * as z from './zod.ts';

/**
 * A due item that closed (issue 24): what it was, when and why. The nightly job closes an item
 * the trust's records no longer make due (a report published, a request met, a rating gone); a
 * retirement closes the items of what it retires. The item keeps its page and its history.
 */
export const CLOSE_REASONS = ['no-longer-due', 'retired'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The item as it was last recorded (no days remaining: they moved daily). */
const closedContentSchema = z.omit(dueItemSchema, { daysRemaining: true });

export const closedItemSchema = z.object({
  itemId: z.string(),
  item: closedContentSchema,
  closedOn: isoDate,
  reason: z.enum(CLOSE_REASONS),
  /** For a retirement, why it was retired (the sync's or the person's words). */
  detail: z.nullable(z.string()),
  /** The stages it went through, as the nightly run recorded them. */
  stageHistory: z._default(z.array(z.object({ on: isoDate, stage: z.enum(STAGES) })), []),
});
export type ClosedItem = z.infer<typeof closedItemSchema>;

/** The closure of a stored item, on a date, for a reason. */
export function closureOf(
  stored: StoredItem,
  closedOn: IsoDate,
  reason: CloseReason,
  detail: string | null = null,
): ClosedItem {
  // Every field of a due item but its days remaining, as the schema names them.
  const item = Object.fromEntries(
    Object.keys(closedContentSchema.shape).map((field) => [field, stored[field as keyof StoredItem] ?? null]),
  ) as ClosedItem['item'];
  return { itemId: stored.itemId, item, closedOn, reason, detail, stageHistory: stored.stageHistory };
}

/** Why an item closed, in words. */
export function closedText(closed: Pick<ClosedItem, 'reason' | 'detail'>): string {
  return closed.reason === 'retired'
    ? `its records were retired${closed.detail ? ` (${closed.detail})` : ''}`
    : "the trust's records no longer make it due (a report was published, a request was met, or a rating was withdrawn)";
}
