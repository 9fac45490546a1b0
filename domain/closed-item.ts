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

export const closedItemSchema = z.object({
  itemId: z.string(),
  /** The item as it was last recorded (no days remaining: they moved daily). */
  item: z.omit(dueItemSchema, { daysRemaining: true }),
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
  const item = {
    kind: stored.kind,
    trustId: stored.trustId,
    trustName: stored.trustName,
    region: stored.region,
    locationId: stored.locationId,
    locationName: stored.locationName,
    service: stored.service,
    rating: stored.rating,
    reference: stored.reference,
    basisDate: stored.basisDate,
    dueBy: stored.dueBy,
    stage: stored.stage,
    relationshipHolder: stored.relationshipHolder,
  };
  return { itemId: stored.itemId, item, closedOn, reason, detail, stageHistory: stored.stageHistory };
}

/** Why an item closed, in words. */
export function closedText(closed: Pick<ClosedItem, 'reason' | 'detail'>): string {
  return closed.reason === 'retired'
    ? `its records were retired${closed.detail ? ` (${closed.detail})` : ''}`
    : "the trust's records no longer make it due (a report was published, a request was met, or a rating was withdrawn)";
}
