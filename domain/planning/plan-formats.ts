import { stringify } from 'csv-stringify/sync';
import ical from 'ical-generator';
import { addDays } from '../calendar.ts';
import { CSV_OPTIONS, neutraliseFormula } from '../format.ts';
import { countText, durationText, longDate } from '../item-words.ts';
import type { Plan } from './plan.ts';
import { shortfallText, solverText, visitTitle, weekText } from './plan-words.ts';

/** A plan as text (the CLI's default), CSV (a row per item) and iCalendar (an event per visit). */

export function planToText(plan: Plan): string {
  const s = plan.settings;
  const lines = [
    `Plan of site visits for ${plan.region ?? 'every region'}, ${countText(s.weeks, 'week')} from the week of ${longDate(plan.firstWeek)} (as of ${longDate(plan.asOf)})`,
    `Capacity ${countText(s.capacity, 'team-day')} a week, less in weeks with bank holidays; a core service takes ${countText(s.coreServiceDays, 'team-day')}, a well-led inspection ${s.wellLedDays}, inspections after a PIR ${s.pirInspectionDays}`,
    '',
    shortfallText(plan),
    `${countText(plan.visits.length, 'visit')} planned; ${countText(plan.lateItems, 'item')} late or left out.`,
    solverText(plan),
  ];
  plan.weeks.forEach((w) => {
    const visits = plan.visits.filter((v) => v.week === w.week);
    if (visits.length === 0) return;
    const holidays = w.bankHolidays.length > 0 ? `, ${countText(w.bankHolidays.length, 'bank holiday')}` : '';
    lines.push('', `${weekText(w.week)}: ${w.planned} of ${countText(w.capacity, 'team-day')}${holidays}`);
    for (const v of visits) {
      const tags = [v.fixed ? 'booked' : null, v.late ? 'late' : null].filter(Boolean);
      lines.push(
        `  ${visitTitle(v)}, ${countText(v.days, 'day')}${tags.length ? ` [${tags.join(', ')}]` : ''}  (${v.id})`,
      );
    }
  });
  if (plan.late.length > 0) lines.push('', 'Late:');
  for (const l of plan.late)
    lines.push(
      `  ${l.what}: due ${longDate(l.dueBy)}, planned the week of ${longDate(l.week)} (${durationText(l.dueBy, l.week)} late)`,
    );
  if (plan.notPlanned.length > 0) lines.push('', 'Not planned:');
  for (const n of plan.notPlanned) lines.push(`  ${n.what}: ${n.why}`);
  return lines.join('\n');
}

export const PLAN_CSV_COLUMNS = [
  'week',
  'visitId',
  'kind',
  'trustId',
  'trustName',
  'locationId',
  'locationName',
  'visitDays',
  'fixed',
  'itemId',
  'what',
  'dueBy',
  'daysLate',
  'notPlanned',
] as const;

export function planToCsv(plan: Plan): string {
  const lateBy = new Map(plan.late.map((l) => [l.itemId, l]));
  const rows: string[][] = [];
  for (const v of plan.visits)
    for (const i of v.items) {
      const late = lateBy.get(i.itemId);
      rows.push([
        v.week,
        v.id,
        v.kind,
        v.trustId,
        v.trustName ?? '',
        v.locationId ?? '',
        v.locationName ?? '',
        String(v.days),
        String(v.fixed),
        i.itemId,
        i.what,
        i.dueBy,
        late ? String(late.daysLate) : '0',
        '',
      ]);
    }
  for (const n of plan.notPlanned)
    rows.push(['', '', '', '', '', '', '', '', '', n.itemId, n.what, '', '', n.why]);
  return stringify(
    rows.map((r) => r.map(neutraliseFormula)),
    { ...CSV_OPTIONS, columns: [...PLAN_CSV_COLUMNS] },
  );
}

/** Each visit an all-day event over its week's working days; its id stable, so a calendar moves it in place. */
export function planToIcs(plan: Plan, webBaseUrl?: string): string {
  const cal = ical({
    name: 'Proposed inspection plan',
    prodId: { company: 'cqc', product: 'trust-scheduler', language: 'EN' },
  });
  for (const v of plan.visits) {
    const url = webBaseUrl ? `${webBaseUrl}/web/plan` : null;
    cal.createEvent({
      id: `plan-${encodeURIComponent(v.id)}@trust-scheduler`,
      start: v.week,
      end: addDays(v.week, 5),
      allDay: true,
      summary: `${v.fixed ? 'Booked' : 'Proposed'}: ${visitTitle(v)}`,
      ...(url ? { url } : {}),
      description: [
        `${countText(v.days, 'team-day')}, the week of ${longDate(v.week)}`,
        `Trust: ${v.trustName ? `${v.trustName} (${v.trustId})` : v.trustId}`,
        v.late ? 'Some of its items are late in this week' : 'On time',
        ...v.items.map((i) => `${i.what}: due ${longDate(i.dueBy)}`),
      ].join('\n'),
    });
  }
  return cal.toString();
}
