import type { IsoDate } from '../domain/calendar.ts';
import type { PlanSolver } from '../domain/planning/model.ts';
import { makePlan, type Plan } from '../domain/planning/plan.ts';
import { knownRegions, type PlanningSettings, planningSettingsSchema } from '../domain/planning/settings.ts';
import { mondayOf, weekEnd } from '../domain/planning/weeks.ts';
import type { PlanItem } from '../domain/planning/work.ts';

/**
 * Plan the inspections: the work to plan read once, England's bank holidays over the plan's
 * weeks, the deployment's planning settings with this plan's overrides, and the solver. The one
 * way the CLI, the API and the page make a plan, so each answers the same for the same input.
 */
export interface PlanDeps {
  /** Site-visit items due up to `lastDay` (overdue included), planning meetings, and booked visits due later. */
  work(lastDay: IsoDate): Promise<PlanItem[]>;
  bankHolidays(from: IsoDate, to: IsoDate): ReadonlySet<IsoDate>;
  solver: PlanSolver;
  settings: PlanningSettings;
}

export interface PlanAsk {
  asOf: IsoDate;
  /** Overrides of the deployment's settings for this plan. */
  weeks?: number | undefined;
  capacity?: number | undefined;
  region?: string | undefined;
}

export class PlanAskError extends Error {
  override name = 'PlanAskError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The settings a plan uses: the deployment's, with the asked weeks and capacity (a capacity asked applies to the region asked). */
export function settingsFor(base: PlanningSettings, ask: PlanAsk): PlanningSettings {
  const merged = {
    ...base,
    ...(ask.weeks !== undefined ? { weeks: ask.weeks } : {}),
    ...(ask.capacity !== undefined
      ? ask.region
        ? { regions: { ...base.regions, [ask.region]: ask.capacity } }
        : { capacity: ask.capacity }
      : {}),
  };
  const parsed = planningSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlanAskError(issue.path[0] === 'regions' ? 'capacity' : String(issue.path[0]), issue.message);
  }
  return parsed.data;
}

export async function planInspections(deps: PlanDeps, ask: PlanAsk): Promise<Plan> {
  const settings = settingsFor(deps.settings, ask);
  const firstWeek = mondayOf(ask.asOf);
  const lastDay = weekEnd(firstWeek, settings.weeks - 1);
  const items = await deps.work(lastDay);
  if (ask.region) {
    // The deployment's regions, not this ask's: a capacity asked for a region does not make it one.
    const regions = knownRegions(
      items.map((i) => i.region),
      deps.settings.regions,
    );
    if (!regions.includes(ask.region))
      throw new PlanAskError(
        'region',
        `no trust is in "${ask.region}"; the regions are ${regions.join(', ') || 'none'}`,
      );
  }
  return makePlan(
    items,
    {
      asOf: ask.asOf,
      settings,
      region: ask.region ?? null,
      bankHolidays: deps.bankHolidays(firstWeek, lastDay),
    },
    deps.solver,
  );
}
