import { addDays, fromDayNumber, type IsoDate, toDayNumber } from '../calendar.ts';

/**
 * Weeks as a plan counts them: each starts on a Monday; week 0 holds the as-of date. A visit in a
 * week is on time for an item when the week's Monday is on or before the item's due date.
 */

/** Days since Monday (Monday 0, Sunday 6): 1 January 1970, day 0, was a Thursday. */
const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The Monday of the week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  const day = toDayNumber(date);
  return fromDayNumber(day - weekdayOf(day));
}

/** The index of the week holding `date`, counted from the week starting `firstWeek` (negative before it). */
export function weekIndexOf(date: IsoDate, firstWeek: IsoDate): number {
  return Math.floor((toDayNumber(date) - toDayNumber(firstWeek)) / 7);
}

/** The Monday of week `index`. */
export const weekStart = (firstWeek: IsoDate, index: number): IsoDate => addDays(firstWeek, 7 * index);

/** The Sunday that ends week `index`. */
export const weekEnd = (firstWeek: IsoDate, index: number): IsoDate => addDays(firstWeek, 7 * index + 6);

/**
 * Each week's capacity in team-days: the full figure in a five-day week; in a week with bank
 * holidays on weekdays, the figure × working days ÷ 5, rounded down.
 */
export function weekCapacities(
  firstWeek: IsoDate,
  count: number,
  capacity: number,
  bankHolidays: ReadonlySet<IsoDate>,
): { week: IsoDate; capacity: number; bankHolidays: IsoDate[] }[] {
  return Array.from({ length: count }, (_, i) => {
    const week = weekStart(firstWeek, i);
    const holidays = [0, 1, 2, 3, 4].map((d) => addDays(week, d)).filter((d) => bankHolidays.has(d));
    return { week, capacity: Math.floor((capacity * (5 - holidays.length)) / 5), bankHolidays: holidays };
  });
}
