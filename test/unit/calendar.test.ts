import { addMonths as dfAddMonths, differenceInCalendarDays, format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  londonDateOf,
  toDayNumber,
} from '../../domain/calendar.ts';

describe('calendar dates', () => {
  it.each([
    // The contract's own examples of end-of-month clamping.
    ['2024-02-29', 12, '2025-02-28'],
    ['2022-08-31', 42, '2026-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2022-12-22', 24, '2024-12-22'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2026-03-31', 6, '2026-09-30'],
    ['1999-12-31', 60, '2004-12-31'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-06-01', 63)).toBe('2026-08-03');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-23', '2026-11-22')).toBe(-1);
  });

  it.each([
    ['2026-11-23', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-1-01', false],
    ['23/11/2026', false],
    ['2026-11-23T00:00:00Z', false],
    ['', false],
  ])('isIsoDate(%j) is %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });

  it('takes today as the calendar date in England, across both clock changes', () => {
    // 23:30 UTC in summer is already tomorrow in London (BST, UTC+1).
    expect(londonDateOf(new Date('2026-07-14T23:30:00Z'))).toBe('2026-07-15');
    // In winter London is on UTC.
    expect(londonDateOf(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-23');
    expect(londonDateOf(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    expect(londonDateOf(new Date('2026-03-29T23:00:00Z'))).toBe('2026-03-30');
    expect(() => londonDateOf(new Date('nonsense'))).toThrow(RangeError);
    // The clock changes at 01:00 UTC on the last Sundays of March and October.
    expect(londonDateOf(new Date('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(londonDateOf(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-25');
  });

  it('londonDateOf agrees with the time-zone database on instants from 1996 to 2100', () => {
    const tz = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1996-01-01T00:00:00Z'),
          max: new Date('2100-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(londonDateOf(d)).toBe(tz.format(d));
        },
      ),
      { numRuns: 20_000 },
    );
    // Every clock change itself, a minute either side.
    for (let year = 1996; year <= 2100; year++) {
      for (const month of [3, 10]) {
        const lastDay = new Date(Date.UTC(year, month, 0));
        const sunday = new Date(Date.UTC(year, month - 1, lastDay.getUTCDate() - lastDay.getUTCDay(), 1));
        const hour = 3_600_000;
        for (const delta of [-60_000, 0, 60_000, -1.5 * hour, 22.5 * hour, 23.5 * hour]) {
          const at = new Date(sunday.getTime() + delta);
          expect(londonDateOf(at), at.toISOString()).toBe(tz.format(at));
        }
      }
    }
  });

  const dates = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2199-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('agrees with date-fns on adding months (end-of-month clamping) for any date', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -120, max: 120 }), (date, months) => {
        expect(addMonths(date, months)).toBe(format(dfAddMonths(parseISO(date), months), 'yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips day numbers and agrees with date-fns on day differences', () => {
    fc.assert(
      fc.property(dates, dates, (a, b) => {
        expect(fromDayNumber(toDayNumber(a))).toBe(a);
        expect(daysBetween(a, b)).toBe(differenceInCalendarDays(parseISO(b), parseISO(a)));
      }),
      { numRuns: 2000 },
    );
  });
});
