import { bankHolidaysInEngland } from '../adapters/bank-holidays.ts';
import { readPlanWork } from '../adapters/dynamodb/plan-work.ts';
import { highsPlanSolver } from '../adapters/highs/plan-solver.ts';
import type { IsoDate } from '../domain/calendar.ts';
import type { Plan } from '../domain/planning/plan.ts';
import { type PlanAsk, PlanAskError, planInspections } from '../use-cases/plan-inspections.ts';
import { ApiError } from './errors.ts';
import type { RouteDeps } from './route.ts';
import type { SkippedRows } from './skipped-rows.ts';

export { planToCsv, planToIcs } from '../domain/planning/plan-formats.ts';

/**
 * A plan for the API and the page: bundled on its own (planner.mjs, with HiGHS's WebAssembly
 * beside it), loaded the first time someone asks for a plan.
 */
export async function planFor(
  deps: RouteDeps,
  ask: Omit<PlanAsk, 'asOf'> & { asOf?: IsoDate | undefined },
  skipped: SkippedRows,
): Promise<Plan> {
  try {
    return await planInspections(
      {
        work: (lastDay) => readPlanWork(deps.repos.dueItems, lastDay, skipped.skip),
        bankHolidays: bankHolidaysInEngland,
        solver: highsPlanSolver,
        settings: deps.planning,
      },
      { ...ask, asOf: ask.asOf ?? deps.today() },
    );
  } catch (err) {
    if (err instanceof PlanAskError) throw new ApiError(400, 'invalid_parameter', err.message, err.field);
    throw err;
  }
}
