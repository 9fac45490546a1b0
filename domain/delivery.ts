import type { DueItem, StoredItem } from './due-item.ts';
import type { Stage } from './policy.ts';
import type { Told } from './told.ts';

/**
 * Delivery state: what each recipient has been told about an item, at which stage, when and in
 * which digest. Kept per (recipient, item) on the item, so a new relationship holder is told
 * what the old one was, and two runs for one date cannot tell anyone the same thing twice.
 *
 * An entry moves claimed → sent (or claimed → failed). A digest claims each of its items for its
 * recipient before it sends; a claim held by another digest keeps the item out of this one.
 */
export {
  DELIVERY_STATUSES,
  type DeliveryEntry,
  type DeliveryStatus,
  deliveryEntrySchema,
  type Told,
  toldSchema,
} from './told.ts';

export interface Recipient {
  email: string;
  name: string | null;
  /** True when the item has no relationship holder and goes to the fallback recipient. */
  fallback: boolean;
}

/** Who is told about an item: its trust's relationship holder, else the fallback recipient. */
export function recipientOf(item: Pick<DueItem, 'relationshipHolder'>, fallbackRecipient: string): Recipient {
  const holder = item.relationshipHolder;
  return holder
    ? { email: holder.email.toLowerCase(), name: holder.name, fallback: false }
    : { email: fallbackRecipient.toLowerCase(), name: null, fallback: true };
}

/**
 * What an item's recipients have been told. Items recorded before delivery state was kept per
 * recipient carry `notifiedStage` only: that stage was told to the item's recipient of the time.
 */
export function toldOf(stored: StoredItem | undefined, fallbackRecipient: string, asOf: string): Told {
  if (!stored) return {};
  if (stored.told) return stored.told;
  if (!stored.notifiedStage) return {};
  return {
    [recipientOf(stored, fallbackRecipient).email]: {
      stage: stored.notifiedStage,
      status: 'sent',
      on: stored.stageChangedOn ?? asOf,
      at: `${asOf}T00:00:00.000Z`,
      digest: 'before-per-recipient-delivery',
    },
  };
}

/**
 * True once `email` has been told of the item at `stage` (null: at any stage), and, for an item
 * told again because a booking passed or a deferral ended, or told it was booked, of that `episode`.
 */
export function hasBeenTold(
  told: Told,
  email: string,
  stage: Stage | null,
  episode: string | null = null,
): boolean {
  const entry = told[email];
  return (
    entry !== undefined &&
    (stage === null || entry.stage === stage) &&
    entry.status === 'sent' &&
    (episode === null || entry.episode === episode)
  );
}

/** True when someone else was told of the item and `email` never was: it was handed over. */
export function isHandedOver(told: Told, email: string): boolean {
  return told[email] === undefined && Object.values(told).some((e) => e.status === 'sent');
}

/** One digest's identity: a redelivered event is the same digest; another run's is not. */
export function digestIdOf(runId: string, email: string, part: number): string {
  return `${runId}/${email.toLowerCase()}/${part}`;
}
