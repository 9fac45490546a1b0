/**
 * Calendar dates in England as `YYYY-MM-DD` strings, with arithmetic on day numbers.
 *
 * The rules engine evaluates millions of core services a night, so dates are handled as
 * integers (days since 1970-01-01) rather than `Date` objects: no time zones, no hours,
 * no daylight-saving surprises. Conversions use Howard Hinnant's civil-date algorithms.
 * `test/unit/calendar.test.ts` checks them against date-fns on generated dates.
 */

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilOf(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so 2025-02-29 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Day number of a `YYYY-MM-DD` date. The caller has validated it (records are parsed by zod
 * at the edge), so this reads digits directly: it is on the hot path of every evaluation.
 */
export function toDayNumber(date: IsoDate): number {
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return dayNumberOf(year, month, day);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatCivil(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber);
  return formatCivil(year, month, day);
}

/**
 * Adds calendar months, clamping to the end of the month when the day does not exist:
 * 2024-02-29 + 12 months = 2025-02-28; 2022-08-31 + 42 months = 2026-02-28.
 * Returns a day number.
 */
export function addMonthsToDayNumber(dayNumber: number, months: number): number {
  const { year, month, day } = civilOf(dayNumber);
  const zeroBased = month - 1 + months;
  const y = year + Math.floor(zeroBased / 12);
  const m = (((zeroBased % 12) + 12) % 12) + 1;
  return dayNumberOf(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(date), months));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The day number of the last Sunday of a month (1970-01-01, day 0, was a Thursday). */
function lastSundayOf(year: number, month: number): number {
  const last = dayNumberOf(year, month, daysInMonth(year, month));
  return last - ((((last + 4) % 7) + 7) % 7);
}

/**
 * The calendar date in England at an instant. The domain never reads the clock: the instant
 * (a scheduled time, or the current time read at the edge) is always passed in.
 *
 * UK summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October (the rule since 1996), so this is arithmetic rather than a time-zone
 * database: `Intl.DateTimeFormat` for Europe/London cost 11 ms at every cold start.
 * `test/unit/calendar.test.ts` checks it against Intl across years.
 */
export function londonDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('londonDateOf: invalid instant');
  const utcDay = Math.floor(ms / 86_400_000);
  const year = civilOf(utcDay).year;
  const hour = 3_600_000;
  const bstStarts = lastSundayOf(year, 3) * 86_400_000 + hour;
  const bstEnds = lastSundayOf(year, 10) * 86_400_000 + hour;
  const offset = ms >= bstStarts && ms < bstEnds ? hour : 0;
  return fromDayNumber(Math.floor((ms + offset) / 86_400_000));
}
