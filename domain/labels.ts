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
