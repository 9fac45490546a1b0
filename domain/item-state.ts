import type { IsoDate } from './calendar.ts';
import * as z from './zod.ts';

/**
 * An item's state as people set it (issue 19): open, booked, deferred or waived, on the basis
 * (report, inspection) it was set on; what it means now, in a list of due work, and to the
 * nightly run. The actions that change it are domain/actions.ts.
 */

export const ITEM_STATUSES = ['open', 'booked', 'deferred', 'waived'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Why an item is waived: a fixed list, so the planners' overview can count them. */
export const WAIVER_REASONS = {
  'inspected-report-awaited': 'Inspected; the report is awaiting publication',
  'service-closed': 'The service closed or moved to another provider',
  'not-applicable': 'Not applicable to this trust',
  duplicate: 'A duplicate of another item',
  other: 'Other (the note says why)',
} as const;
export type WaiverReason = keyof typeof WAIVER_REASONS;

/** An item's state as people have set it; `basisDate` is the basis it was set on. */
export const itemStateSchema = z.object({
  status: z.enum(ITEM_STATUSES),
  version: z.int().check(z.minimum(0)),
  basisDate: z.nullable(z.string()),
  bookedFor: z.nullable(z.string()),
  deferredUntil: z.nullable(z.string()),
  waiver: z.nullable(
    z.object({ reason: z.enum(Object.keys(WAIVER_REASONS) as [WaiverReason]), note: z.nullable(z.string()) }),
  ),
  acknowledgedBy: z.nullable(z.string()),
  /** Who booked it (a booking by someone else is told to the holder once, under "Booked"). */
  bookedBy: z._default(z.nullable(z.string()), null),
});
export type ItemState = z.infer<typeof itemStateSchema>;

export const OPEN: ItemState = Object.freeze({
  status: 'open',
  version: 0,
  basisDate: null,
  bookedFor: null,
  deferredUntil: null,
  waiver: null,
  acknowledgedBy: null,
  bookedBy: null,
});

/**
 * The state an item is in now: a status set on another basis (a new report, a new inspection)
 * has lapsed, and the item is open again.
 */
export function currentState(state: ItemState, basisDate: IsoDate): ItemState {
  return state.basisDate === null || state.basisDate === basisDate || state.status === 'open'
    ? state
    : { ...state, status: 'open', bookedFor: null, bookedBy: null, deferredUntil: null, waiver: null };
}

/**
 * What a list of due work says of what people did with an item: its status and its date or
 * reason. Built when asked for (the OpenAPI document), like actionRecordSchema.
 */
export const itemStatusFieldsSchema = () =>
  z.object({
    status: z.enum(ITEM_STATUSES),
    /** booked: the date booked. */
    bookedFor: z.nullable(z.string()),
    /** deferred: the date until. */
    deferredUntil: z.nullable(z.string()),
    /** waived: why, from the fixed list. */
    waiverReason: z.nullable(z.enum(Object.keys(WAIVER_REASONS) as [WaiverReason])),
    /** open: who acknowledged it (it is theirs, they have seen it), if anyone has. */
    acknowledgedBy: z.nullable(z.string()),
  });
export type ItemStatusFields = z.infer<ReturnType<typeof itemStatusFieldsSchema>>;

/** An open item's status fields: nobody has done anything with it. */
export const OPEN_FIELDS: ItemStatusFields = Object.freeze({
  status: 'open',
  bookedFor: null,
  deferredUntil: null,
  waiverReason: null,
  acknowledgedBy: null,
});

/** An item's status fields as it stands on its current basis. */
export function itemStatusOf(stored: ItemState, basisDate: IsoDate): ItemStatusFields {
  const state = currentState(stored, basisDate);
  return {
    status: state.status,
    bookedFor: state.status === 'booked' ? state.bookedFor : null,
    deferredUntil: state.status === 'deferred' ? state.deferredUntil : null,
    waiverReason: state.status === 'waived' ? (state.waiver?.reason ?? null) : null,
    acknowledgedBy: state.status === 'open' ? state.acknowledgedBy : null,
  };
}

/**
 * Where an item stands today, as people read it: what they did with it, and whether that has
 * run out (a booking whose date passed with the item still open, a deferral that ended). The
 * rule tellingOf is built on: an item told again needs action again.
 */
export type StatusNow =
  | 'open'
  | 'acknowledged'
  | 'booked'
  | 'booking-passed'
  | 'deferred'
  | 'deferral-ended'
  | 'waived';

export function statusNow(fields: ItemStatusFields, today: IsoDate): StatusNow {
  switch (fields.status) {
    case 'open':
      return fields.acknowledgedBy ? 'acknowledged' : 'open';
    case 'booked':
      return fields.bookedFor !== null && fields.bookedFor < today ? 'booking-passed' : 'booked';
    case 'deferred':
      return fields.deferredUntil !== null && fields.deferredUntil <= today ? 'deferral-ended' : 'deferred';
    case 'waived':
      return 'waived';
  }
}

const NEEDS_ACTION: ReadonlySet<StatusNow> = new Set([
  'open',
  'acknowledged',
  'booking-passed',
  'deferral-ended',
]);

/**
 * Whether an item needs action from the person it is with: open, or told again because a
 * booking's date passed or a deferral ended. The queue's rule, on the page, in the API and the CLI.
 */
export function needsAction(fields: ItemStatusFields, today: IsoDate): boolean {
  return NEEDS_ACTION.has(statusNow(fields, today));
}

/**
 * Whether the nightly run tells an item today, given what people did with it, and why when it
 * tells it again: a booked item is quiet while its booking is ahead and on or before its due
 * date, then comes back as "booking passed"; a deferred one until its date; a waived one never
 * (until its basis changes, which makes it open again).
 */
export function tellingOf(
  stored: ItemState,
  item: { dueBy: IsoDate; basisDate: IsoDate },
  today: IsoDate,
): { tell: boolean; note: 'booking-passed' | 'deferral-ended' | null } {
  const fields = itemStatusOf(stored, item.basisDate);
  const now = statusNow(fields, today);
  switch (now) {
    case 'open':
    case 'acknowledged':
      return { tell: true, note: null };
    case 'booking-passed':
    case 'deferral-ended':
      return { tell: true, note: now };
    case 'booked':
      return { tell: fields.bookedFor !== null && fields.bookedFor > item.dueBy, note: null };
    case 'deferred':
    case 'waived':
      return { tell: false, note: null };
  }
}

/**
 * A booking the recipient is to hear of: the item is booked, quiet, and someone else booked it
 * (a booking of unknown author, from before authors were kept, counts as someone else's). Told
 * once per booked date, under "Booked", so the holder knows and does not book it twice.
 */
export function bookingToTell(
  stored: ItemState,
  item: { dueBy: IsoDate; basisDate: IsoDate },
  today: IsoDate,
  recipient: string,
): { on: IsoDate; by: string | null; episode: string } | null {
  const state = currentState(stored, item.basisDate);
  if (state.status !== 'booked' || state.bookedFor === null) return null;
  if (tellingOf(stored, item, today).tell) return null;
  if (state.bookedBy !== null && state.bookedBy.toLowerCase() === recipient.toLowerCase()) return null;
  return { on: state.bookedFor, by: state.bookedBy, episode: `booked:${state.bookedFor}` };
}

/** An action record as the store keeps it, for rolling forward: its version (from its key) and the state it made, null when unreadable. */
export interface KeptState {
  version: number;
  state: ItemState | null;
}

/**
 * The item's state once every kept action after `state` is applied (a writer that stopped
 * between the record and the item's state leaves the item behind). An unreadable record still
 * takes its version, so it never blocks the actions after it: the state stays the last readable
 * one, at the version the keys reach.
 */
export function rolledForward(state: ItemState, kept: readonly KeptState[]): ItemState {
  let current = state;
  for (const k of [...kept].sort((a, b) => a.version - b.version)) {
    if (k.version <= current.version) continue;
    current = k.state ? { ...k.state, version: k.version } : { ...current, version: k.version };
  }
  return current;
}
