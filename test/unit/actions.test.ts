import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ActionRefused, type ActionRequest, applyAction } from '../../domain/actions.ts';
import { actionsToCsv } from '../../domain/format.ts';
import { bookingToTell, currentState, type ItemState, OPEN, tellingOf } from '../../domain/item-state.ts';

/** The rules of acting on a due item (issue 19): what each action needs, what it makes, and what the night then tells. */
const ITEM = { itemId: 'reinspection#T#L#Surgery', dueBy: '2027-03-31', basisDate: '2023-09-30' };
const TODAY = '2026-12-02';
const HOLDER = { email: 'priya.shah@example.org', role: 'holder' as const };
const PLANNER = { email: 'planner@example.org', role: 'planner' as const };

const act = (state: ItemState, req: Partial<ActionRequest> & Pick<ActionRequest, 'action'>) =>
  applyAction(ITEM, state, {
    user: HOLDER,
    expectedVersion: state.version,
    at: '2026-12-02T10:00:00.000Z',
    today: TODAY,
    ...req,
  });

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ActionRefused) return { status: err.status, field: err.field, message: err.message };
    throw err;
  }
  throw new Error('not refused');
};

describe('acting on a due item', () => {
  it('bounds on silence (issue 24): a holder defers at most 90 days ahead and never past 90 days overdue; a planner a year; a booking two years', () => {
    // Due 31 March 2027, today 2 December 2026: 90 days ahead is 2 March 2027.
    expect(act(OPEN, { action: 'defer', until: '2027-03-02', reason: 'x' }).next.status).toBe('deferred');
    expect(refusal(() => act(OPEN, { action: 'defer', until: '2099-12-31', reason: 'x' }))).toEqual({
      status: 400,
      field: 'until',
      message:
        'A relationship holder may defer an item at most 90 days ahead, to 2 March 2027 at the latest; longer is a waiver, which a planner decides',
    });
    // The policy's bound, and an item long overdue: never past its due date + the bound.
    const overdue = { ...ITEM, dueBy: '2026-10-01' };
    const holderDefers = (until: string, maxHolderDeferralDays?: number) =>
      applyAction(overdue, OPEN, {
        action: 'defer',
        until,
        reason: 'x',
        user: HOLDER,
        expectedVersion: 0,
        at: 'x',
        today: TODAY,
        maxHolderDeferralDays,
      });
    expect(holderDefers('2026-12-30').next.status).toBe('deferred');
    expect(refusal(() => holderDefers('2026-12-31')).message).toBe(
      'A relationship holder may defer an item until at most 90 days after its due date (1 October 2026), to 30 December 2026 at the latest; longer is a waiver, which a planner decides',
    );
    expect(refusal(() => holderDefers('2026-12-20', 30)).message).toContain('at most 30 days after');
    expect(act(OPEN, { action: 'defer', until: '2027-12-02', reason: 'x', user: PLANNER }).next.status).toBe(
      'deferred',
    );
    expect(
      refusal(() => act(OPEN, { action: 'defer', until: '2027-12-03', reason: 'x', user: PLANNER })).message,
    ).toBe(
      'An item may be deferred at most a year ahead, to 2 December 2027 at the latest; longer is a waiver',
    );
    expect(act(OPEN, { action: 'book', on: '2028-12-01', reason: 'x' }).next.status).toBe('booked');
    expect(refusal(() => act(OPEN, { action: 'book', on: '2028-12-02', reason: 'x' }))).toEqual({
      status: 400,
      field: 'on',
      message: 'A booking may be at most two years ahead, by 1 December 2028 at the latest',
    });
  });

  it('text holds no control, format or invisible characters: bidi overrides, zero-width spaces, lone surrogates', () => {
    for (const bad of [
      'a\u202Eb',
      'zero\u200Bwidth',
      'lone \uD800 half',
      'soft\u00ADhyphen',
      'line\u2028sep',
      'tab\there',
    ])
      expect(refusal(() => act(OPEN, { action: 'acknowledge', note: bad })).field).toBe('note');
    expect(act(OPEN, { action: 'acknowledge', note: 'Spoke to the trust 😀 — fine' }).record.note).toBe(
      'Spoke to the trust 😀 — fine',
    );
  });

  it('book: a date on or after today; after the due date only with a reason; the record says who, when and what', () => {
    const { next, record } = act(OPEN, { action: 'book', on: '2027-03-03', note: 'Team confirmed' });
    expect(next).toMatchObject({
      status: 'booked',
      bookedFor: '2027-03-03',
      version: 1,
      basisDate: ITEM.basisDate,
    });
    expect(record).toEqual({
      itemId: ITEM.itemId,
      version: 1,
      action: 'book',
      from: 'open',
      to: 'booked',
      by: HOLDER.email,
      role: 'holder',
      at: '2026-12-02T10:00:00.000Z',
      reason: null,
      note: 'Team confirmed',
      on: '2027-03-03',
      waiverReason: null,
      basisDate: ITEM.basisDate,
    });
    expect(refusal(() => act(OPEN, { action: 'book', on: '2026-12-01' }))).toEqual({
      status: 400,
      field: 'on',
      message: '1 December 2026 is in the past: give today or a later date',
    });
    expect(refusal(() => act(OPEN, { action: 'book' })).field).toBe('on');
    expect(refusal(() => act(OPEN, { action: 'book', on: '3 March' })).message).toBe(
      'Give a real date, written year-month-day (15 March 2027 is 2027-03-15)',
    );
    expect(refusal(() => act(OPEN, { action: 'book', on: '2027-04-02' })).message).toBe(
      'A booking after the due date (31 March 2027) needs a reason',
    );
    expect(
      act(OPEN, { action: 'book', on: '2027-04-02', reason: 'Earliest the team can go' }).next.status,
    ).toBe('booked');
  });

  it('defer: a later date and a reason, both required', () => {
    expect(
      act(OPEN, { action: 'defer', until: '2027-01-10', reason: 'Awaiting the trust' }).next,
    ).toMatchObject({
      status: 'deferred',
      deferredUntil: '2027-01-10',
    });
    expect(refusal(() => act(OPEN, { action: 'defer', until: '2027-01-10' })).message).toBe(
      'Say why it is deferred',
    );
    expect(refusal(() => act(OPEN, { action: 'defer', until: TODAY, reason: 'x' })).field).toBe('until');
  });

  it('waive: planners only, a reason from the list, a note for "other"', () => {
    expect(refusal(() => act(OPEN, { action: 'waive', waiverReason: 'duplicate' }))).toMatchObject({
      status: 403,
      message: 'Only planners and admins may waive an item',
    });
    const waived = act(OPEN, { action: 'waive', user: PLANNER, waiverReason: 'duplicate' }).next;
    expect(waived).toMatchObject({ status: 'waived', waiver: { reason: 'duplicate', note: null } });
    expect(
      refusal(() => act(OPEN, { action: 'waive', user: PLANNER, waiverReason: 'bored' })).message,
    ).toMatch(/^Choose why it is waived \(one of inspected-report-awaited, service-closed/);
    expect(refusal(() => act(OPEN, { action: 'waive', user: PLANNER, waiverReason: 'other' })).field).toBe(
      'note',
    );
    // A waived item is booked only after it is reopened, with a reason.
    expect(refusal(() => act(waived, { action: 'book', on: '2027-01-05' })).message).toBe(
      'This item is waived: reopen it first',
    );
    expect(refusal(() => act(waived, { action: 'reopen' })).field).toBe('reason');
    expect(act(waived, { action: 'reopen', reason: 'Service reopened' }).next).toMatchObject({
      status: 'open',
      waiver: null,
      version: 2,
    });
  });

  it('acknowledge changes nothing but who has seen it; reopening an open item is refused', () => {
    const booked = act(OPEN, { action: 'book', on: '2027-01-05' }).next;
    expect(act(booked, { action: 'acknowledge', user: PLANNER }).next).toEqual({
      ...booked,
      version: 2,
      acknowledgedBy: PLANNER.email,
    });
    expect(refusal(() => act(OPEN, { action: 'reopen', reason: 'x' })).status).toBe(409);
  });

  it('two people acting on one version: the second is told it changed under them', () => {
    const first = act(OPEN, { action: 'book', on: '2027-01-05' }).next;
    expect(
      refusal(() => act(first, { action: 'defer', until: '2027-02-01', reason: 'x', expectedVersion: 0 })),
    ).toEqual({
      status: 409,
      field: 'version',
      message: 'Someone changed this item while you had it open: look at it again, then act',
    });
  });

  it('text is bounded and has no control characters', () => {
    expect(refusal(() => act(OPEN, { action: 'acknowledge', note: 'x'.repeat(501) })).message).toBe(
      'The note must be 500 characters or fewer',
    );
    expect(refusal(() => act(OPEN, { action: 'acknowledge', note: 'a\u0007b' })).field).toBe('note');
    // The records' rule: line breaks and line separators too, which break a CSV cell or an email line.
    for (const note of ['a\nb', 'a\tb', 'a\u2028b', 'a\u0085b'])
      expect(refusal(() => act(OPEN, { action: 'acknowledge', note })).field).toBe('note');
    expect(refusal(() => act(OPEN, { action: 'book', on: '2100-01-01', reason: 'x' })).message).toBe(
      'Give a date in the years 2000 to 2099',
    );
  });
});

describe('what the night tells of an item people acted on', () => {
  const at = (state: ItemState, today: string, item = ITEM) => tellingOf(state, item, today);
  it('booked: quiet while the booking is ahead and on or before the due date; then "booking passed"', () => {
    const booked = act(OPEN, { action: 'book', on: '2027-01-05' }).next;
    expect(at(booked, '2027-01-05')).toEqual({ tell: false, note: null });
    expect(at(booked, '2027-01-06')).toEqual({ tell: true, note: 'booking-passed' });
    const late = act(OPEN, { action: 'book', on: '2027-04-10', reason: 'Only date' }).next;
    expect(at(late, TODAY)).toEqual({ tell: true, note: null });
  });

  it('deferred: quiet until its date, then told again as "deferral ended"', () => {
    const deferred = act(OPEN, { action: 'defer', until: '2027-01-10', reason: 'x' }).next;
    expect(at(deferred, '2027-01-09').tell).toBe(false);
    expect(at(deferred, '2027-01-10')).toEqual({ tell: true, note: 'deferral-ended' });
  });

  it('waived: never, until the item has a new basis (a new report), when it is open again', () => {
    const waived = act(OPEN, { action: 'waive', user: PLANNER, waiverReason: 'service-closed' }).next;
    expect(at(waived, '2030-01-01').tell).toBe(false);
    const newReport = { ...ITEM, basisDate: '2026-11-30', dueBy: '2028-11-30' };
    expect(at(waived, TODAY, newReport)).toEqual({ tell: true, note: null });
    expect(currentState(waived, newReport.basisDate)).toMatchObject({
      status: 'open',
      waiver: null,
      version: 1,
    });
  });

  it('booked by someone else: the holder hears of it once per booked date, while it is quiet', () => {
    const byPlanner = act(OPEN, { action: 'book', on: '2027-01-05', user: PLANNER }).next;
    expect(byPlanner.bookedBy).toBe(PLANNER.email);
    expect(bookingToTell(byPlanner, ITEM, TODAY, 'Priya.Shah@example.org')).toEqual({
      on: '2027-01-05',
      by: PLANNER.email,
      episode: 'booked:2027-01-05',
    });
    // Not to whoever booked it (whatever the case of their address), not once the date passed
    // (then it is "booking passed"), not when booked after the due date (then it is told as due).
    expect(bookingToTell(byPlanner, ITEM, TODAY, 'PLANNER@example.org')).toBeNull();
    expect(bookingToTell(byPlanner, ITEM, '2027-01-06', HOLDER.email)).toBeNull();
    const late = act(OPEN, { action: 'book', on: '2027-04-10', reason: 'Only date', user: PLANNER }).next;
    expect(bookingToTell(late, ITEM, TODAY, HOLDER.email)).toBeNull();
    // Rebooked for another date: heard of again; reopened or on a new basis: nothing to hear.
    const rebooked = act(byPlanner, { action: 'book', on: '2027-01-20', user: PLANNER }).next;
    expect(bookingToTell(rebooked, ITEM, TODAY, HOLDER.email)?.episode).toBe('booked:2027-01-20');
    const reopened = act(byPlanner, { action: 'reopen', reason: 'Fell through' }).next;
    expect(reopened.bookedBy).toBeNull();
    expect(bookingToTell(reopened, ITEM, TODAY, HOLDER.email)).toBeNull();
    expect(bookingToTell(byPlanner, { ...ITEM, basisDate: '2026-11-30' }, TODAY, HOLDER.email)).toBeNull();
  });
});

describe("a trust's history as CSV", () => {
  it('quotes every cell holding a separator of any locale, a quote or a line break, and neutralises a formula at the start of any cell (finding 9)', () => {
    const record = {
      itemId: 'reinspection#T#L#Surgery',
      version: 1,
      action: 'defer' as const,
      from: 'open' as const,
      to: 'deferred' as const,
      by: 'planner@example.org',
      role: 'planner' as const,
      at: '2026-12-02T10:00:00.000Z',
      reason: 'Asked; =HYPERLINK("http://x")',
      note: ' =1+1',
      on: '2027-01-10',
      waiverReason: null,
      basisDate: '2023-09-30',
    };
    const csv = actionsToCsv({
      actions: [record],
      unreadable: [{ itemId: record.itemId, version: 2, reason: 'at could not be read' }],
    });
    const [, row, unreadable] = csv.split('\r\n');
    // A semicolon-locale spreadsheet splits the row at `;` only outside quotes: the formula stays text.
    expect(row).toContain('"Asked; =HYPERLINK(""http://x"")"');
    expect(row).toContain(",' =1+1,");
    expect(unreadable).toBe(
      ',reinspection#T#L#Surgery,,,,,,,,,This record could not be read: at could not be read,2,',
    );
    expect(parseCsv(csv, { columns: true })).toHaveLength(2);
  });
});
