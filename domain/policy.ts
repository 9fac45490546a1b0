import * as z from './zod.ts';

/** The kinds of due work the scheduler tracks. */
export const DUE_KINDS = [
  'reinspection',
  'report',
  'well-led',
  'planning-meeting',
  'pir-inspections',
  'annual-pir',
  'use-of-resources',
] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** Alert stages, from least to most pressing. */
export const STAGES = ['scheduled', 'due-soon', 'urgent', 'overdue'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages that count as an alert (everything but `scheduled`). */
export const ALERT_STAGES: readonly Stage[] = ['due-soon', 'urgent', 'overdue'];

const positiveInt = z.int().check(z.positive());
const days = z.int().check(z.nonnegative());
const window = z.strictObject({ dueSoonDays: days, urgentDays: days }).check(
  z.refine((w) => w.urgentDays <= w.dueSoonDays, {
    message: 'urgentDays must not be more than dueSoonDays',
    path: ['urgentDays'],
  }),
);

export const policySchema = z.strictObject({
  /** Maximum re-inspection interval per rating, in calendar months from report publication. */
  reinspectionMonths: z.strictObject({
    Outstanding: positiveInt,
    Good: positiveInt,
    'Requires improvement': positiveInt,
    Inadequate: positiveInt,
  }),
  /** Report publication deadline after a well-led inspection starts, in months. */
  reportDeadlineMonths: positiveInt,
  /** Well-led inspections are annual: months from the last one's start. */
  wellLedCadenceMonths: positiveInt,
  /** Regulatory Planning Meeting after a PIR is issued, in days (nine weeks). */
  planningMeetingDays: positiveInt,
  /** Inspections after a PIR is issued, in months. */
  pirInspectionsMonths: positiveInt,
  /** The next provider information request: months after the last one was issued (yearly). */
  annualPirMonths: positiveInt,
  /** The next Use of Resources assessment: months after the last one's report (yearly). */
  useOfResourcesMonths: positiveInt,
  /**
   * The longest a relationship holder may defer an item: this many days ahead, and never to a date
   * that leaves it overdue by more than this. Longer is a waiver, which planners decide.
   */
  maxHolderDeferralDays: positiveInt,
  /** Alert windows per kind, in days remaining until the due date. */
  windows: z.strictObject({
    reinspection: window,
    report: window,
    'well-led': window,
    'planning-meeting': window,
    'pir-inspections': window,
    'annual-pir': window,
    'use-of-resources': window,
  }),
});

export type Policy = z.infer<typeof policySchema>;

/** CQC's published approach for NHS trusts (see the import format's rules table). */
export const DEFAULT_POLICY: Policy = Object.freeze({
  reinspectionMonths: { Outstanding: 60, Good: 42, 'Requires improvement': 24, Inadequate: 12 },
  reportDeadlineMonths: 3,
  wellLedCadenceMonths: 12,
  planningMeetingDays: 63,
  pirInspectionsMonths: 6,
  annualPirMonths: 12,
  useOfResourcesMonths: 12,
  maxHolderDeferralDays: 90,
  windows: {
    reinspection: { dueSoonDays: 90, urgentDays: 30 },
    report: { dueSoonDays: 28, urgentDays: 7 },
    'well-led': { dueSoonDays: 60, urgentDays: 14 },
    'planning-meeting': { dueSoonDays: 14, urgentDays: 7 },
    'pir-inspections': { dueSoonDays: 14, urgentDays: 7 },
    // The seeds say "yearly" and no more: a month's notice to prepare the request, a week to send it.
    'annual-pir': { dueSoonDays: 30, urgentDays: 7 },
    // Also a choice: two months' notice to plan the assessment ahead of the well-led inspection.
    'use-of-resources': { dueSoonDays: 60, urgentDays: 14 },
  },
}) as Policy;

export class PolicyError extends Error {
  override name = 'PolicyError';
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type PolicyOverrides = DeepPartial<Policy>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = merge(base[key], value);
  return out;
}

/**
 * The default policy with a deployment's overrides applied, validated. An invalid override
 * throws a PolicyError naming the key, e.g. `policy.windows.report.urgentDays: …`.
 */
export function loadPolicy(overrides: unknown = {}): Policy {
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new PolicyError('policy: overrides must be a JSON object');
  }
  const result = policySchema.safeParse(merge(DEFAULT_POLICY, overrides ?? {}));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = ['policy', ...issue.path.map(String)].join('.');
    throw new PolicyError(`${key}: ${issue.message}`);
  }
  return result.data;
}
