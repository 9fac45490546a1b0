import type { DueKind, Stage } from './policy.ts';

/** The words people read for each kind and stage: one list for email, calendar, CSV and CLI. */
export const KIND_LABELS: Record<DueKind, string> = {
  reinspection: 'Re-inspection',
  report: 'Report publication',
  'well-led': 'Well-led inspection',
  'planning-meeting': 'Regulatory planning meeting',
  'pir-inspections': 'Inspections after PIR',
  'annual-pir': 'Next provider information request',
  'use-of-resources': 'Use of Resources assessment',
};

export const STAGE_LABELS: Record<Stage, string> = {
  overdue: 'Overdue',
  urgent: 'Urgent',
  'due-soon': 'Due soon',
  scheduled: 'Scheduled',
};

/** Most pressing first: the order of every list a person reads. */
export const STAGES_MOST_PRESSING_FIRST: readonly Stage[] = ['overdue', 'urgent', 'due-soon', 'scheduled'];

/**
 * What booking means for each kind, in the words of the page's form, the email and the CLI: a
 * publication date for a report, a meeting for a planning meeting, an inspection for site visits.
 */
export const BOOKING_WORDS: Record<DueKind, { title: string; dateLabel: string; booked: string }> = {
  reinspection: { title: 'Book the inspection', dateLabel: 'Inspection date', booked: 'Inspection booked' },
  report: { title: 'Book the publication date', dateLabel: 'Publication date', booked: 'Publication booked' },
  'well-led': { title: 'Book the inspection', dateLabel: 'Inspection date', booked: 'Inspection booked' },
  'planning-meeting': { title: 'Book the meeting', dateLabel: 'Meeting date', booked: 'Meeting booked' },
  'pir-inspections': {
    title: 'Book the inspections',
    dateLabel: 'Inspection date',
    booked: 'Inspections booked',
  },
  'annual-pir': {
    title: 'Book the day the request is sent',
    dateLabel: 'Date it is sent',
    booked: 'Request booked',
  },
  'use-of-resources': {
    title: 'Book the assessment',
    dateLabel: 'Assessment date',
    booked: 'Assessment booked',
  },
};
