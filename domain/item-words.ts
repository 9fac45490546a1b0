import { addDays, addMonths, daysBetween, type IsoDate, londonDateOf } from './calendar.ts';
import type { DigestItem } from './digest.ts';
import { HAND_SET } from './evaluate.ts';
import {
  type ItemStatusFields,
  type StatusNow,
  statusNow,
  WAIVER_REASONS,
  type WaiverReason,
} from './item-state.ts';
import { BOOKING_WORDS, STAGE_LABELS } from './labels.ts';
import type { DueKind, Stage } from './policy.ts';

/**
 * An item in words, one set for the digest email and the web pages: what is due, what the
 * date follows from, what to do next, and dates as people write them.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2026-11-13 → 13 November 2026. */
export function longDate(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as people in England read it: "6 December 2026 at 15:31". */
export function instantText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'an unknown time';
  return `${longDate(londonDateOf(at))} at ${LONDON_TIME.format(at)}`;
}

/** "Booked for 3 March 2027 by planner@example.org" (by whom, when known). */
export function bookedText(on: string, by: string | null = null): string {
  return `Booked for ${longDate(on)}${by ? ` by ${by}` : ''}`;
}

/** The item's status in words: "Booked for 3 March 2027", "Waived: a duplicate of another item". */
export function statusText(fields: ItemStatusFields, bookedBy: string | null = null): string {
  switch (fields.status) {
    case 'open':
      return 'Open';
    case 'booked':
      return bookedText(fields.bookedFor!, bookedBy);
    case 'deferred':
      return `Deferred until ${longDate(fields.deferredUntil!)}`;
    case 'waived':
      return `Waived: ${WAIVER_REASONS[fields.waiverReason!].toLowerCase()}`;
  }
}

/** "1 item", "3 items": a count with its noun. */
export const countText = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The time between two dates as people say it: days up to 60, then years, months and days
 * ("2 years, 3 months and 4 days"), counted by the calendar.
 */
export function durationText(from: IsoDate, to: IsoDate): string {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const days = daysBetween(a, b);
  if (days <= 60) return countText(days, 'day');
  let months = Math.floor(days / 31);
  while (addMonths(a, months + 1) <= b) months++;
  const rest = daysBetween(addMonths(a, months), b);
  const parts = [
    ...(months >= 12 ? [countText(Math.floor(months / 12), 'year')] : []),
    ...(months % 12 > 0 ? [countText(months % 12, 'month')] : []),
    ...(rest > 0 ? [countText(rest, 'day')] : []),
  ];
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The date an item was evaluated on, from its due date and the days left. */
export const evaluatedOn = (i: { dueBy: IsoDate; daysRemaining: number }): IsoDate =>
  addDays(i.dueBy, -i.daysRemaining);

/** How far off an item's due date is: "12 days left", "due today", "2 years and 3 months overdue". */
export function daysText(item: { dueBy: IsoDate; daysRemaining: number }): string {
  const d = item.daysRemaining;
  if (d === 0) return 'due today';
  const span = durationText(evaluatedOn(item), item.dueBy);
  return d < 0 ? `${span} overdue` : `${span} left`;
}

/** Why an item was waived, short enough for a tag: "Waived: inspected, report awaited". */
export const WAIVER_SHORT: Record<WaiverReason, string> = {
  'inspected-report-awaited': 'inspected, report awaited',
  'service-closed': 'service closed or moved',
  'not-applicable': 'not applicable',
  duplicate: 'a duplicate',
  other: 'other reason',
};

/** The tag of an item people acted on, in the colours of GOV.UK tags; null for an open item (its stage is its tag). */
export interface StatusTag {
  text: string;
  colour: 'green' | 'purple' | 'grey' | 'turquoise' | 'yellow';
  now: StatusNow;
}

/**
 * An item's status as its tag reads, on every page, the CSV, the calendar and the CLI: "Booked
 * for 15 December 2026", "Deferred to 10 January 2027", "Waived: inspected, report awaited",
 * "Acknowledged by …", and when a booking or deferral has run out, that it has.
 */
export function statusTag(fields: ItemStatusFields, today: IsoDate): StatusTag | null {
  const now = statusNow(fields, today);
  switch (now) {
    case 'open':
      return null;
    case 'acknowledged':
      return { now, colour: 'turquoise', text: `Acknowledged by ${fields.acknowledgedBy}` };
    case 'booked':
      return { now, colour: 'green', text: `Booked for ${longDate(fields.bookedFor!)}` };
    case 'booking-passed':
      return { now, colour: 'yellow', text: `Booking passed (${longDate(fields.bookedFor!)})` };
    case 'deferred':
      return { now, colour: 'purple', text: `Deferred to ${longDate(fields.deferredUntil!)}` };
    case 'deferral-ended':
      return { now, colour: 'yellow', text: `Deferral ended ${longDate(fields.deferredUntil!)}` };
    case 'waived':
      return { now, colour: 'grey', text: `Waived: ${WAIVER_SHORT[fields.waiverReason!]}` };
  }
}

/** The item's status and stage in one line of words: "Booked for 15 December 2026 (overdue)", "Overdue". */
export function statusAndStage(fields: ItemStatusFields & { stage: Stage }, today: IsoDate): string {
  const tag = statusTag(fields, today);
  const stage = STAGE_LABELS[fields.stage];
  return tag ? `${tag.text} (${stage.toLowerCase()})` : stage;
}

/** The fields of an item its words are made of (a digest item's, a due item's). */
type Worded = Pick<
  DigestItem,
  'kind' | 'service' | 'locationName' | 'reference' | 'rating' | 'basisDate' | 'stage'
>;

/** What is due, in words. */
export function whatIsDue(i: Worded): string {
  switch (i.kind) {
    case 'reinspection':
      return `Re-inspect ${i.service} at ${i.locationName}`;
    case 'report':
      return `Publish the report of well-led inspection ${i.reference}`;
    case 'well-led':
      return i.reference === HAND_SET
        ? 'Next assessment of the trust (due date set by hand)'
        : 'Next well-led inspection of the trust';
    case 'planning-meeting':
      return `Regulatory planning meeting after PIR ${i.reference}`;
    case 'pir-inspections':
      return `Inspections after PIR ${i.reference}`;
    case 'annual-pir':
      return 'Issue the next provider information request (yearly)';
    case 'use-of-resources':
      return 'Next Use of Resources assessment, before the next well-led inspection';
  }
}

/** What the due date follows from. */
export function followsFrom(i: Worded): string {
  const on = longDate(i.basisDate);
  switch (i.kind) {
    case 'reinspection':
      return `Rated ${i.rating} in the report published ${on}`;
    case 'report':
      return `Inspection ${i.reference} started ${on}`;
    case 'well-led':
      return i.reference === HAND_SET
        ? `An admin set the due date by hand on ${on}: CQC's data gives none, as the trust is rated only under the single assessment framework`
        : `The last well-led inspection, ${i.reference}, started ${on}`;
    case 'planning-meeting':
    case 'pir-inspections':
      return `PIR ${i.reference} issued ${on}`;
    case 'annual-pir':
      return `The last PIR, ${i.reference}, was issued ${on}`;
    case 'use-of-resources':
      return `The last Use of Resources report, ${i.reference}, was published ${on}`;
  }
}

const NEXT_STEPS: Record<DueKind, Record<Exclude<Stage, 'scheduled'>, string>> = {
  reinspection: {
    overdue: 'Schedule the re-inspection now: it is past the longest interval its rating allows.',
    urgent: 'Confirm the inspection dates and the team.',
    'due-soon': 'Plan the re-inspection into the schedule.',
  },
  report: {
    overdue: 'The report is past its publication deadline: escalate, and publish it.',
    urgent: 'Finish quality assurance so the report is published by the due date.',
    'due-soon': 'Check the report is on track for publication.',
  },
  'well-led': {
    overdue: 'Schedule the well-led inspection now.',
    urgent: 'Confirm the well-led inspection dates.',
    'due-soon': 'Plan the well-led inspection.',
  },
  'planning-meeting': {
    overdue: 'Hold the regulatory planning meeting now.',
    urgent: 'Book the regulatory planning meeting.',
    'due-soon': 'Arrange the regulatory planning meeting.',
  },
  'pir-inspections': {
    overdue: 'Inspect now: the window after the PIR has passed.',
    urgent: 'Confirm the inspections that follow the PIR.',
    'due-soon': 'Plan the inspections that follow the PIR.',
  },
  'use-of-resources': {
    overdue: 'Assess Use of Resources now: it should come before the next well-led inspection.',
    urgent: 'Confirm the Use of Resources assessment, ahead of the well-led inspection.',
    'due-soon': 'Plan the Use of Resources assessment before the next well-led inspection.',
  },
  'annual-pir': {
    overdue: 'Issue the provider information request now: a year has passed since the last.',
    urgent: 'Send the provider information request this week.',
    'due-soon': 'Prepare the provider information request.',
  },
};

export function nextStep(i: Worded): string {
  return i.stage === 'scheduled' ? 'Nothing yet.' : NEXT_STEPS[i.kind][i.stage];
}

/**
 * What to do next with an item, given what people did with it: nothing while it is booked ahead,
 * deferred or waived; record what happened when a booking passed; else the stage's next step.
 */
export function nextStepNow(i: Worded & ItemStatusFields, today: IsoDate): string {
  const noun = BOOKING_WORDS[i.kind].dateLabel.toLowerCase();
  switch (statusNow(i, today)) {
    case 'booked':
      return `Nothing more is asked: it is booked for ${longDate(i.bookedFor!)}. If that falls through, reopen it or book the new ${noun}.`;
    case 'booking-passed':
      return `The ${noun} it was booked for, ${longDate(i.bookedFor!)}, has passed and it is still open: book the new ${noun}, or reopen it.`;
    case 'deferred':
      return `Nothing until ${longDate(i.deferredUntil!)}: it comes back then.`;
    case 'waived':
      return 'Nothing: it was waived. Reopen it if that changes.';
    default:
      return nextStep(i);
  }
}
