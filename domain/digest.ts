import type { IsoDate } from './calendar.ts';
import { type Recipient, recipientOf } from './delivery.ts';
import { type DueItem, dueItemSchema } from './due-item.ts';
import { STAGE_LABELS, STAGES_MOST_PRESSING_FIRST } from './labels.ts';
import type { Stage } from './policy.ts';
import { isoDate } from './records.ts';
import { type ToCheck, toCheckSchema } from './to-check.ts';
import * as z from './zod.ts';

/**
 * The DueWorkDigest: what is new for one relationship holder after a nightly run, and the
 * email that tells them. The event's detail is validated with this schema where it arrives.
 */

export const DIGEST_SOURCE = 'cqc.trust-scheduler';
export const DIGEST_DETAIL_TYPE = 'DueWorkDigest';

/** Why an item is told again at a stage it was told at: domain/item-state.ts tellingOf. */
export const TOLD_AGAIN = ['booking-passed', 'deferral-ended'] as const;
export type ToldAgain = (typeof TOLD_AGAIN)[number];

/** A booking someone else made (domain/item-state.ts bookingToTell): its date, and who made it. */
const bookingSchema = z.object({ on: isoDate, by: z.nullable(z.string()), episode: z.string() });
export type Booking = z.infer<typeof bookingSchema>;

/** A digest line: the due item's fields a recipient reads, and its stable id. */
export const digestItemSchema = z.extend(
  z.pick(dueItemSchema, {
    kind: true,
    trustId: true,
    trustName: true,
    locationId: true,
    locationName: true,
    service: true,
    rating: true,
    reference: true,
    basisDate: true,
    dueBy: true,
    daysRemaining: true,
    stage: true,
  }),
  {
    itemId: z.string().check(z.minLength(1)),
    /** Told to this recipient for the first time because the trust's recipient changed. */
    handedOver: z.boolean(),
    /** Told again at the same stage: the date it was booked for passed, or its deferral ended. */
    toldAgain: z._default(z.nullable(z.enum(TOLD_AGAIN)), null),
    /** Which booking or deferral that was: the delivery state keeps it, so it is told once. */
    episode: z.optional(z.string()),
    /** Listed under "Booked": someone else booked it, and it is quiet until that date. */
    booking: z._default(z.nullable(z.pick(bookingSchema, { on: true, by: true })), null),
  },
);
export type DigestItem = z.infer<typeof digestItemSchema>;

export const digestDetailSchema = z
  .object({
    runId: z.string().check(z.minLength(1)),
    asOf: isoDate,
    recipient: z.object({
      name: z.nullable(z.string()),
      email: z.email(),
      /** True when the items have no relationship holder and go to the fallback recipient. */
      fallback: z.boolean(),
    }),
    part: z.int().check(z.positive()),
    parts: z.int().check(z.positive()),
    items: z.array(digestItemSchema),
    /** Trusts for a person to check (the fallback recipient's digest only, in its first part). */
    toCheck: z._default(z.array(toCheckSchema), []),
  })
  .check(
    z.refine((d) => d.items.length + d.toCheck.length > 0, {
      error: 'a digest tells at least one item or trust to check',
      path: ['items'],
    }),
  );
export type DigestDetail = z.infer<typeof digestDetailSchema>;

/** Items a digest event may carry, and bytes of items: keeps an event under EventBridge's 256 KB. */
export const MAX_ITEMS_PER_DIGEST_EVENT = 400;
export const MAX_ITEM_BYTES_PER_DIGEST_EVENT = 200 * 1024;

const encoder = new TextEncoder();

/**
 * Splits a recipient's items into parts by count and by size, in order. The first part starts
 * with `firstPartBytes` taken (the trusts to check it carries); always at least one part.
 */
function intoParts(items: readonly DigestItem[], firstPartBytes = 0): DigestItem[][] {
  const parts: DigestItem[][] = [];
  let current: DigestItem[] = [];
  let bytes = firstPartBytes;
  for (const item of items) {
    const size = encoder.encode(JSON.stringify(item)).length + 1;
    if (
      (current.length > 0 || bytes > 0) &&
      (current.length === MAX_ITEMS_PER_DIGEST_EVENT || bytes + size > MAX_ITEM_BYTES_PER_DIGEST_EVENT)
    ) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

const byDueDate = (a: DigestItem, b: DigestItem) =>
  a.dueBy.localeCompare(b.dueBy) || a.trustId.localeCompare(b.trustId) || a.itemId.localeCompare(b.itemId);

/** Items that need action grouped by stage, most pressing first, each group in due-date order. */
export function groupByStage<T extends DigestItem>(items: readonly T[]): [Stage, T[]][] {
  return STAGES_MOST_PRESSING_FIRST.map((stage) => [
    stage,
    items.filter((i) => i.stage === stage && !i.booking).sort(byDueDate),
  ]);
}

/** Items someone else booked, in due-date order: listed apart, once, for the recipient to know. */
export function bookedOf<T extends DigestItem>(items: readonly T[]): T[] {
  return items.filter((i) => i.booking).sort(byDueDate);
}

/** "3 overdue, 2 due soon, 1 booked, 1 to check": the counts of a digest, most pressing first. */
export function digestCounts(items: readonly DigestItem[], toCheck: readonly ToCheck[] = []): string {
  const booked = bookedOf(items).length;
  return [
    ...groupByStage(items)
      .filter(([, group]) => group.length > 0)
      .map(([stage, group]) => `${group.length} ${STAGE_LABELS[stage].toLowerCase()}`),
    ...(booked > 0 ? [`${booked} booked`] : []),
    ...(toCheck.length > 0 ? [`${toCheck.length} to check`] : []),
  ].join(', ');
}

/** A trust as people know it: its name (and id), never a bare id. */
export function trustLabel(i: Pick<DigestItem, 'trustId' | 'trustName'>): string {
  return i.trustName ? `${i.trustName} (${i.trustId})` : `Trust ${i.trustId} (name not on record)`;
}

/** "Northern Care Alliance NHS Foundation Trust" → "Northern Care Alliance": for the subject line. */
function shortTrustName(i: Pick<DigestItem, 'trustId' | 'trustName'>): string {
  return i.trustName?.replace(/\s+NHS( Foundation)? Trust$/i, '') ?? `Trust ${i.trustId}`;
}

/**
 * What needs action, and where: "2 overdue, 1 due soon — Riverside, Northfield". Trusts in the
 * order of their most pressing item; three at most, then how many more.
 */
export function digestSubject(detail: DigestDetail): string {
  const trusts = [
    ...new Set([
      ...groupByStage(detail.items).flatMap(([, group]) => group.map(shortTrustName)),
      ...bookedOf(detail.items).map(shortTrustName),
      ...detail.toCheck.map(shortTrustName),
    ]),
  ];
  const named =
    trusts.length <= 3 ? trusts.join(', ') : `${trusts.slice(0, 3).join(', ')} and ${trusts.length - 3} more`;
  const partNote = detail.parts > 1 ? ` (part ${detail.part} of ${detail.parts})` : '';
  return `${digestCounts(detail.items, detail.toCheck)} — ${named}${partNote}`;
}

/** What the nightly plan tells a recipient of an item (domain/night-plan.ts), and why. */
export interface ItemNews {
  itemId: string;
  item: DueItem;
  /** Told to this recipient for the first time because the trust's recipient changed. */
  handedOver: boolean;
  /** Told again at a stage told before: a booking passed, or a deferral ended. */
  again?: { toldAgain: ToldAgain; episode: string } | null;
  /** Told because someone else booked it (listed under "Booked"), once per booked date. */
  booking?: Booking | null;
}

export function digestItemOf({ itemId, item: i, handedOver, again, booking }: ItemNews): DigestItem {
  const episode = again?.episode ?? booking?.episode;
  return {
    itemId,
    handedOver,
    toldAgain: again?.toldAgain ?? null,
    ...(episode ? { episode } : {}),
    booking: booking ? { on: booking.on, by: booking.by } : null,
    kind: i.kind,
    trustId: i.trustId,
    trustName: i.trustName,
    locationId: i.locationId,
    locationName: i.locationName,
    service: i.service,
    rating: i.rating,
    reference: i.reference,
    basisDate: i.basisDate,
    dueBy: i.dueBy,
    daysRemaining: i.daysRemaining,
    stage: i.stage,
  };
}

/**
 * Who is told what: one digest per recipient (the trust's relationship holder, or the fallback
 * recipient when it has none), split into parts only when very large. Recipients in address order.
 * Trusts to check go to the fallback recipient, in the first part of their digest.
 */
export function planDigests(
  news: readonly ItemNews[],
  context: { runId: string; asOf: IsoDate; fallbackRecipient: string },
  toCheck: readonly ToCheck[] = [],
): DigestDetail[] {
  const byRecipient = new Map<string, { recipient: Recipient; items: DigestItem[] }>();
  const fallback = recipientOf({ relationshipHolder: null }, context.fallbackRecipient);
  if (toCheck.length > 0) byRecipient.set(fallback.email, { recipient: fallback, items: [] });
  for (const n of news) {
    const recipient = recipientOf(n.item, context.fallbackRecipient);
    let entry = byRecipient.get(recipient.email);
    if (!entry) {
      entry = { recipient, items: [] };
      byRecipient.set(recipient.email, entry);
    }
    entry.items.push(digestItemOf(n));
  }
  const digests: DigestDetail[] = [];
  for (const [, { recipient, items }] of [...byRecipient.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const withToCheck = recipient.email === fallback.email ? toCheck : [];
    const parts = intoParts(
      items,
      withToCheck.length > 0 ? encoder.encode(JSON.stringify(withToCheck)).length : 0,
    );
    parts.forEach((partItems, i) => {
      digests.push({
        runId: context.runId,
        asOf: context.asOf,
        recipient,
        part: i + 1,
        parts: parts.length,
        items: partItems,
        toCheck: i === 0 ? [...withToCheck] : [],
      });
    });
  }
  return digests;
}
