import type { DigestItem } from './digest.ts';
import { type ItemStatusFields, WAIVER_REASONS } from './item-state.ts';
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

export function daysText(days: number): string {
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  if (days === 0) return 'due today';
  return `${days} day${days === 1 ? '' : 's'} left`;
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
      return 'Next well-led inspection of the trust';
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
      return `The last well-led inspection, ${i.reference}, started ${on}`;
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
