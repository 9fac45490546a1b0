import Holidays from 'date-holidays';
import type { IsoDate } from '../domain/calendar.ts';

/**
 * England's bank holidays from `date-holidays` (a maintained package, its data kept to the
 * government's list): the public holidays of GB-ENG between two dates, inclusive.
 */
export function bankHolidaysInEngland(from: IsoDate, to: IsoDate): Set<IsoDate> {
  const england = new Holidays('GB', 'ENG');
  const days = new Set<IsoDate>();
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of england.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const day = h.date.slice(0, 10);
      if (day >= from && day <= to) days.add(day);
    }
  }
  return days;
}
