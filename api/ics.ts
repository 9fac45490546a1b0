import { createHash } from 'node:crypto';
import ical from 'ical-generator';
import { addDays, type IsoDate } from '../domain/calendar.ts';
import type { IdentifiedItem } from '../domain/due-item.ts';
import { KIND_LABELS } from '../domain/labels.ts';

/** iCalendar of the items: all-day events on their due dates, with UIDs stable per item. */
export function itemsToIcs(items: IdentifiedItem[], asOf: IsoDate): string {
  const cal = ical({
    name: 'CQC due inspection work',
    prodId: { company: 'cqc', product: 'trust-scheduler', language: 'EN' },
  });
  for (const i of items) {
    const what = i.service
      ? `${KIND_LABELS[i.kind]}: ${i.service}, ${i.locationName}`
      : `${KIND_LABELS[i.kind]}${i.reference ? ` ${i.reference}` : ''}`;
    cal.createEvent({
      // Stable per item, whatever its stage or date: calendars update the event in place.
      id: `${createHash('sha256').update(i.itemId).digest('hex').slice(0, 32)}@trust-scheduler`,
      start: i.dueBy,
      end: addDays(i.dueBy, 1),
      allDay: true,
      summary: `${i.stage === 'overdue' ? 'OVERDUE ' : ''}${what} (${i.trustName ?? i.trustId})`,
      description: [
        `Trust: ${i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId}`,
        i.locationId ? `Location: ${i.locationName} (${i.locationId})` : null,
        i.service ? `Core service: ${i.service}` : null,
        i.rating ? `Rating: ${i.rating}` : null,
        `Due by: ${i.dueBy} (as of ${asOf}: ${i.stage}, ${i.daysRemaining} days)`,
        i.relationshipHolder ? `Relationship holder: ${i.relationshipHolder.name}` : 'No relationship holder',
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  return cal.toString();
}
