import { countText, longDate } from '../item-words.ts';
import type { Plan, PlannedVisit } from './plan.ts';

/** A plan in people's words: one source for the CLI's text, the page and the calendar. */

/** What a visit is: "Re-inspect 3 core services at Riverside General Hospital". */
export function visitTitle(v: PlannedVisit): string {
  const trust = v.trustName ?? v.trustId;
  const part = v.part ? ` (part ${v.part.n} of ${v.part.of})` : '';
  if (v.kind === 'reinspection')
    return `Re-inspect ${countText(v.itemIds.length, 'core service')} at ${v.locationName ?? v.locationId ?? trust}${part}`;
  if (v.kind === 'well-led') return `Well-led inspection of ${trust}${part}`;
  return `Inspections after the provider information request, ${trust}${part}`;
}

/** The shortfall as a sentence: how many more team-days, by which week. */
export function shortfallText(plan: Pick<Plan, 'shortfall'>): string {
  const { teamDays, byWeek } = plan.shortfall;
  if (teamDays === 0 || byWeek === null)
    return "The teams' capacity meets every due date in the plan's weeks.";
  return `To meet every due date, the teams need ${countText(teamDays, 'more team-day')} by the week of ${longDate(byWeek)}.`;
}

/** What the solver could say of the plan: proved best, or the bound and the gap it reached. */
export function solverText(plan: Pick<Plan, 'solver' | 'lateItems'>): string {
  const { name, optimal, lateBound, daysLateGap, seconds } = plan.solver;
  if (optimal)
    return `${name} proved this plan the best for the rules: no plan has fewer late items or fewer days late.`;
  const bound =
    lateBound >= plan.lateItems
      ? `no plan has fewer late items (${plan.lateItems})`
      : `no plan has fewer than ${countText(lateBound, 'late item')}; this one has ${plan.lateItems}`;
  const gap =
    daysLateGap === null
      ? '; how close its days late are to the fewest possible is not yet known'
      : `; its days late are within ${(daysLateGap * 100).toFixed(1)}% of the fewest possible`;
  return `${name} searched for ${Math.round(seconds)} seconds: ${bound}${gap}.`;
}

/** "Week of 7 December 2026" */
export const weekText = (week: string) => `Week of ${longDate(week)}`;
