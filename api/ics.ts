import { createHash } from 'node:crypto';
import ical from 'ical-generator';
import { addDays, type IsoDate } from '../domain/calendar.ts';
import type { ListedItem } from '../domain/due-item.ts';
import { longDate, statusTag } from '../domain/item-words.ts';
import { KIND_LABELS, STAGE_LABELS } from '../domain/labels.ts';

/**
 * The day an item sits on in a calendar that plans: a booked item on the day booked, a deferred
 * one on the day its deferral ends, open work overdue on today (rolling forward until done), the
 * rest on their due dates. Null: left out (waived: nothing to do).
 */
export function calendarDayOf(i: ListedItem, asOf: IsoDate): IsoDate | null {
  const overdueToday = (date: IsoDate) => (date < asOf && i.stage === 'overdue' ? asOf : date);
  switch (i.status) {
    case 'waived':
      return null;
    case 'booked':
      return overdueToday(i.bookedFor ?? i.dueBy);
    case 'deferred':
      return overdueToday(i.deferredUntil ?? i.dueBy);
    case 'open':
      return overdueToday(i.dueBy);
  }
}

/**
 * iCalendar of the items: all-day events on the day each is to be done (calendarDayOf), each
 * with its status, stage and a link to its page (under `webBaseUrl`, when known), and a UID
 * stable per item, so calendars move the event in place as it is booked or deferred.
 */
export function itemsToIcs(items: readonly ListedItem[], asOf: IsoDate, webBaseUrl?: string): string {
  const cal = ical({
    name: 'CQC due inspection work',
    prodId: { company: 'cqc', product: 'trust-scheduler', language: 'EN' },
  });
  for (const i of items) {
    const day = calendarDayOf(i, asOf);
    if (!day) continue;
    const what = i.service
      ? `${KIND_LABELS[i.kind]}: ${i.service}, ${i.locationName}`
      : `${KIND_LABELS[i.kind]}${i.reference ? ` ${i.reference}` : ''}`;
    const lead =
      i.status === 'booked'
        ? 'Booked: '
        : i.status === 'deferred'
          ? 'Deferral ends: '
          : i.stage === 'overdue'
            ? `Overdue since ${longDate(i.dueBy)}: `
            : '';
    const url = webBaseUrl ? `${webBaseUrl}/web/items/${encodeURIComponent(i.itemId)}` : null;
    cal.createEvent({
      // Stable per item, whatever its stage, status or date: calendars update the event in place.
      id: `${createHash('sha256').update(i.itemId).digest('hex').slice(0, 32)}@trust-scheduler`,
      start: day,
      end: addDays(day, 1),
      allDay: true,
      summary: `${lead}${what} (${i.trustName ?? i.trustId})`,
      ...(url ? { url } : {}),
      description: [
        `Status: ${statusTag(i, asOf)?.text ?? 'Open'}`,
        `Stage: ${STAGE_LABELS[i.stage]}`,
        `Due by: ${longDate(i.dueBy)}`,
        `Trust: ${i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId}`,
        i.locationId ? `Location: ${i.locationName} (${i.locationId})` : null,
        i.service ? `Core service: ${i.service}` : null,
        i.rating ? `Rating: ${i.rating}` : null,
        i.relationshipHolder ? `Relationship holder: ${i.relationshipHolder.name}` : 'No relationship holder',
        url ? `Its page: ${url}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  return cal.toString();
}
