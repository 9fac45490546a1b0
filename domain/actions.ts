import { addDays, type IsoDate, isIsoDate } from './calendar.ts';
import {
  currentState,
  ITEM_STATUSES,
  type ItemState,
  type ItemStatus,
  WAIVER_REASONS,
  type WaiverReason,
} from './item-state.ts';
import { longDate } from './item-words.ts';
import { CONTROL, inRecordYears, isoDate, LIMITS } from './records.ts';
import { mayUse, ROLES, type SignedInUser } from './roles.ts';
import * as z from './zod.ts';

/**
 * What people do with a due item (issue 19), as rules: acknowledge it, book its inspection (or
 * publication), defer it, waive it with a reason, reopen it. Each action is checked here against
 * the item's state and the actor's role, and gives the next state and the one immutable record
 * of what was done. Pure: the store applies it (adapters/dynamodb/actions.ts).
 */

export const ACTIONS = ['acknowledge', 'book', 'defer', 'waive', 'reopen'] as const;
export type ActionKind = (typeof ACTIONS)[number];

const TEXT_MAX = 500;

/**
 * Bounds on silence: a planner defers at most a year ahead (longer is a waiver); anyone books at
 * most two years ahead. A holder's deferral bound is policy (maxHolderDeferralDays).
 */
export const MAX_PLANNER_DEFERRAL_DAYS = 365;
export const MAX_BOOKING_DAYS = 730;
const DEFAULT_HOLDER_DEFERRAL_DAYS = 90;

/** One action as it is kept: never changed, never deleted. */
export interface ActionRecord {
  itemId: string;
  /** The item's version this action made (1 for the first). */
  version: number;
  action: ActionKind;
  from: ItemStatus;
  to: ItemStatus;
  by: string;
  role: SignedInUser['role'];
  at: string;
  reason: string | null;
  note: string | null;
  /** book: the date booked; defer: the date until. */
  on: IsoDate | null;
  waiverReason: WaiverReason | null;
  /** The item's basis (report or inspection date) when it was done. */
  basisDate: IsoDate;
}

/** An action's record as the API answers it; built when asked for (the OpenAPI document), not at every cold start. */
export const actionRecordSchema = () =>
  z.object({
    itemId: z.string(),
    version: z.int(),
    action: z.enum(ACTIONS),
    from: z.enum(ITEM_STATUSES),
    to: z.enum(ITEM_STATUSES),
    by: z.string(),
    role: z.enum(ROLES),
    at: z.string(),
    reason: z.nullable(z.string()),
    note: z.nullable(z.string()),
    on: z.nullable(z.string()),
    waiverReason: z.nullable(z.enum(Object.keys(WAIVER_REASONS) as [WaiverReason])),
    basisDate: z.string(),
  });

let storedSchema: ReturnType<typeof buildStoredSchema> | undefined;
function buildStoredSchema() {
  const optionalText = z._default(z.nullable(z.string()), null);
  return z.object({
    itemId: z.string(),
    version: z.int().check(z.minimum(1)),
    action: z.enum(ACTIONS),
    from: z.enum(ITEM_STATUSES),
    to: z.enum(ITEM_STATUSES),
    by: z.string().check(z.minLength(1)),
    role: z.enum(ROLES),
    at: z.string().check(z.refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)))),
    reason: optionalText,
    note: optionalText,
    on: z._default(z.nullable(isoDate), null),
    waiverReason: z._default(z.nullable(z.enum(Object.keys(WAIVER_REASONS) as [WaiverReason])), null),
    basisDate: isoDate,
  });
}
/**
 * An action record as the table keeps it, every field checked (a row missing `at` or holding a
 * wrong type is unreadable, and named as such, never a 500). Built when first needed.
 */
export function storedActionRecordSchema() {
  storedSchema ??= buildStoredSchema();
  return storedSchema;
}

/** A kept record that no longer reads, as the API names it. Built when asked for. */
export const unreadableActionSchema = () =>
  z.object({ itemId: z.string(), version: z.int(), reason: z.string() });

export interface ActionRequest {
  action: ActionKind;
  /** How far ahead a holder may defer (policy.maxHolderDeferralDays; 90 when not given). */
  maxHolderDeferralDays?: number | undefined;
  user: SignedInUser;
  /** The version the actor saw: a different one means someone acted in between. */
  expectedVersion: number;
  at: string;
  today: IsoDate;
  /** book: the date booked. */
  on?: string | undefined;
  /** defer: the date until. */
  until?: string | undefined;
  reason?: string | undefined;
  note?: string | undefined;
  waiverReason?: string | undefined;
}

/**
 * The version a new kept record takes: the one after every record kept, those that no longer
 * read included (their keys still hold their versions).
 */
export function nextVersion(kept: {
  changes: readonly { version: number }[];
  unreadable: readonly number[];
}): number {
  return Math.max(0, ...kept.changes.map((c) => c.version), ...kept.unreadable) + 1;
}

/** What a stale action is told: someone acted on the item after it was read. */
export const STALE_ITEM = 'Someone changed this item while you had it open: look at it again, then act';

/** An action refused, naming the field at fault: a 400, 403 or 409 to whoever asked. */
export class ActionRefused extends Error {
  override name = 'ActionRefused';
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

export function text(value: string | undefined, field: string, required: string | null): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (required) throw new ActionRefused(400, field, required);
    return null;
  }
  if (v.length > TEXT_MAX)
    throw new ActionRefused(400, field, `The ${field} must be ${TEXT_MAX} characters or fewer`);
  // The records' rule: no control characters or line separators (a CSV cell, an email line).
  if (CONTROL.test(v))
    throw new ActionRefused(
      400,
      field,
      `The ${field} cannot hold line breaks or invisible characters (such as bidi overrides or zero-width spaces)`,
    );
  return v;
}

export function date(value: string | undefined, field: string, today: IsoDate, what: string): IsoDate {
  if (!value) throw new ActionRefused(400, field, `Give the date ${what}`);
  if (!isIsoDate(value))
    throw new ActionRefused(
      400,
      field,
      'Give a real date, written year-month-day (15 March 2027 is 2027-03-15)',
    );
  if (!inRecordYears(value))
    throw new ActionRefused(400, field, `Give a date in the years ${LIMITS.firstYear} to ${LIMITS.lastYear}`);
  if (value < today)
    throw new ActionRefused(400, field, `${longDate(value)} is in the past: give today or a later date`);
  return value;
}

/**
 * How long an item may be deferred: a holder at most maxHolderDeferralDays ahead and never to a
 * date that leaves it overdue by more than that; a planner at most a year. Longer is a waiver.
 */
function assertDeferralBound(until: IsoDate, dueBy: IsoDate, req: ActionRequest): void {
  if (req.user.role === 'holder') {
    const days = req.maxHolderDeferralDays ?? DEFAULT_HOLDER_DEFERRAL_DAYS;
    const ahead = addDays(req.today, days);
    const overdue = addDays(dueBy, days);
    const latest = ahead < overdue ? ahead : overdue;
    if (until > latest)
      throw new ActionRefused(
        400,
        'until',
        latest === ahead
          ? `A relationship holder may defer an item at most ${days} days ahead, to ${longDate(latest)} at the latest; longer is a waiver, which a planner decides`
          : `A relationship holder may defer an item until at most ${days} days after its due date (${longDate(dueBy)}), to ${longDate(latest)} at the latest; longer is a waiver, which a planner decides`,
      );
    return;
  }
  const latest = addDays(req.today, MAX_PLANNER_DEFERRAL_DAYS);
  if (until > latest)
    throw new ActionRefused(
      400,
      'until',
      `An item may be deferred at most a year ahead, to ${longDate(latest)} at the latest; longer is a waiver`,
    );
}

/**
 * Checks an action against the item (its due date and basis, its state) and the actor, and
 * gives the next state and its record. Throws ActionRefused naming what is wrong.
 */
export function applyAction(
  item: { itemId: string; dueBy: IsoDate; basisDate: IsoDate },
  stored: ItemState,
  req: ActionRequest,
): { next: ItemState; record: ActionRecord } {
  if (!(ACTIONS as readonly string[]).includes(req.action))
    throw new ActionRefused(400, 'action', `Choose what to do: one of ${ACTIONS.join(', ')}`);
  if (req.expectedVersion !== stored.version) throw new ActionRefused(409, 'version', STALE_ITEM);
  const state = currentState(stored, item.basisDate);
  const from = state.status;
  const base = { ...state, version: stored.version + 1, basisDate: item.basisDate };
  let next: ItemState;
  let reason: string | null = null;
  let note: string | null = null;
  let on: IsoDate | null = null;
  let waiverReason: WaiverReason | null = null;
  const notFrom = (statuses: ItemStatus[], hint: string) => {
    if (statuses.includes(from)) throw new ActionRefused(409, 'action', `This item is ${from}: ${hint}`);
  };
  switch (req.action) {
    case 'acknowledge':
      note = text(req.note, 'note', null);
      next = { ...base, acknowledgedBy: req.user.email };
      break;
    case 'book':
      notFrom(['waived'], 'reopen it first');
      on = date(req.on, 'on', req.today, 'it is booked for');
      if (on > addDays(req.today, MAX_BOOKING_DAYS))
        throw new ActionRefused(
          400,
          'on',
          `A booking may be at most two years ahead, by ${longDate(addDays(req.today, MAX_BOOKING_DAYS))} at the latest`,
        );
      reason = text(
        req.reason,
        'reason',
        on > item.dueBy ? `A booking after the due date (${longDate(item.dueBy)}) needs a reason` : null,
      );
      note = text(req.note, 'note', null);
      next = { ...base, status: 'booked', bookedFor: on, bookedBy: req.user.email, deferredUntil: null };
      break;
    case 'defer':
      notFrom(['waived'], 'reopen it first');
      on = date(req.until, 'until', req.today, 'to defer it to');
      if (on === req.today) throw new ActionRefused(400, 'until', 'Defer it to a later day than today');
      assertDeferralBound(on, item.dueBy, req);
      reason = text(req.reason, 'reason', 'Say why it is deferred');
      note = text(req.note, 'note', null);
      next = { ...base, status: 'deferred', deferredUntil: on, bookedFor: null, bookedBy: null };
      break;
    case 'waive': {
      if (!mayUse(req.user.role, 'planners'))
        throw new ActionRefused(403, 'action', 'Only planners and admins may waive an item');
      notFrom(['waived'], 'it is waived already');
      const code = req.waiverReason ?? '';
      if (!(code in WAIVER_REASONS))
        throw new ActionRefused(
          400,
          'reason',
          `Choose why it is waived (one of ${Object.keys(WAIVER_REASONS).join(', ')})`,
        );
      waiverReason = code as WaiverReason;
      note = text(req.note, 'note', waiverReason === 'other' ? 'Say why, for the reason "Other"' : null);
      next = {
        ...base,
        status: 'waived',
        waiver: { reason: waiverReason, note },
        bookedFor: null,
        bookedBy: null,
        deferredUntil: null,
      };
      break;
    }
    case 'reopen':
      if (from === 'open') throw new ActionRefused(409, 'action', 'This item is open already');
      reason = text(req.reason, 'reason', 'Say why it is reopened');
      next = { ...base, status: 'open', bookedFor: null, bookedBy: null, deferredUntil: null, waiver: null };
      break;
  }
  return {
    next,
    record: {
      itemId: item.itemId,
      version: next.version,
      action: req.action,
      from,
      to: next.status,
      by: req.user.email,
      role: req.user.role,
      at: req.at,
      reason,
      note,
      on,
      waiverReason,
      basisDate: item.basisDate,
    },
  };
}
