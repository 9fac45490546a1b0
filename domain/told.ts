import { STAGES } from './policy.ts';
import { isoDate } from './records.ts';
import * as z from './zod.ts';

/** What each recipient has been told of an item (domain/delivery.ts says how it moves). */

export const DELIVERY_STATUSES = ['claimed', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryEntrySchema = z.object({
  stage: z.enum(STAGES),
  status: z.enum(DELIVERY_STATUSES),
  /** The as-of date of the digest. */
  on: isoDate,
  /** When the entry last changed (ISO instant); an old claim is taken to be from a dead worker. */
  at: z.string(),
  /** The digest that claimed or told it (see digestIdOf). */
  digest: z.string(),
  /**
   * Why it was told again at the same stage, when it was: a booking that passed or a deferral
   * that ended (`booking-passed:2027-01-05`), so each is told once.
   */
  episode: z.optional(z.string()),
});
export type DeliveryEntry = z.infer<typeof deliveryEntrySchema>;

/** Recipient address (lower case) → what they have been told. */
export const toldSchema = z.record(z.string(), deliveryEntrySchema);
export type Told = z.infer<typeof toldSchema>;
