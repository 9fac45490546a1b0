import * as z from '../zod.ts';

/**
 * The planning settings: the inspection teams' capacity and what each visit costs. Deployment
 * configuration (PLANNING_JSON, from cdk.json's `planning`), with the CLI's and the API's
 * parameters overriding them for one plan. Every figure a plan uses is here: no hidden constants.
 */
/** The longest horizon a plan takes, in weeks (three years). */
export const PLAN_MAX_WEEKS = 156;

const teamDays = z.int().check(z.nonnegative());
const positiveDays = z.int().check(z.positive());

export const planningSettingsSchema = z.strictObject({
  /** Team-days of site work a week, for the whole country (a plan of every region's trusts). */
  capacity: teamDays,
  /** Team-days a week per region: a plan of one region's trusts uses that region's figure. */
  regions: z.record(z.string().check(z.minLength(1)), teamDays),
  /** What one core service costs on site, in team-days. */
  coreServiceDays: positiveDays,
  /** What a trust's well-led inspection costs ("up to three days" on site). */
  wellLedDays: positiveDays,
  /** What a trust's inspections after a provider information request cost. */
  pirInspectionDays: positiveDays,
  /** A location's core services due within this many weeks of the earliest of them are one visit. */
  groupWeeks: z.int().check(z.nonnegative(), z.maximum(104)),
  /** How many weeks a plan looks ahead (overdue work is always in). */
  weeks: z.int().check(z.minimum(1), z.maximum(PLAN_MAX_WEEKS)),
  /** How long the solver may search before it answers with the best plan found and its bound. */
  timeLimitSeconds: z.number().check(z.positive(), z.maximum(840)),
});
export type PlanningSettings = z.infer<typeof planningSettingsSchema>;

export const DEFAULT_PLANNING: PlanningSettings = Object.freeze({
  capacity: 10,
  regions: {},
  coreServiceDays: 1,
  wellLedDays: 3,
  pirInspectionDays: 3,
  groupWeeks: 12,
  weeks: 52,
  timeLimitSeconds: 20,
}) as PlanningSettings;

export class PlanningSettingsError extends Error {
  override name = 'PlanningSettingsError';
}

/** The defaults with a deployment's overrides, checked: a bad one names its key (`planning.capacity: …`). */
export function loadPlanningSettings(overrides: unknown = {}): PlanningSettings {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
    throw new PlanningSettingsError('planning: the settings must be a JSON object');
  const result = planningSettingsSchema.safeParse({ ...DEFAULT_PLANNING, ...overrides });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PlanningSettingsError(`${['planning', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  return result.data;
}

/** The capacity a plan uses: the region's when it plans one region and one is set, else the country's. */
export function capacityFor(settings: PlanningSettings, region: string | null): number {
  return region !== null && region in settings.regions ? settings.regions[region]! : settings.capacity;
}

/** The regions a plan may ask for: those its trusts name, and those the settings give a capacity. */
export function knownRegions(
  named: Iterable<string | null>,
  configured: PlanningSettings['regions'] = {},
): string[] {
  const regions = new Set(Object.keys(configured));
  for (const r of named) if (r) regions.add(r);
  return [...regions].sort();
}
