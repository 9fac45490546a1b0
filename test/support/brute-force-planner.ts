import {
  brokenRules,
  isBetter,
  type ModelSolution,
  type PlanModel,
  type PlanSolver,
  type Score,
  scoreOf,
} from '../../domain/planning/model.ts';

/**
 * The plan's rules checked the slow way: every assignment of every visit to every week it may
 * take (or out), the best by the objectives in order. For small instances only (the property test's).
 */
export const bruteForcePlanner: PlanSolver = {
  name: 'brute force',
  async solve(model: PlanModel): Promise<ModelSolution> {
    const weeks = model.room.length;
    const current: (number | null)[] = model.visits.map(() => null);
    let best: { weeks: (number | null)[]; score: Score } | null = null;
    const visit = (i: number) => {
      if (i === model.visits.length) {
        if (brokenRules(model, current).length > 0) return;
        const score = scoreOf(model, current);
        if (!best || isBetter(score, best.score)) best = { weeks: [...current], score };
        return;
      }
      for (let w: number | null = model.visits[i]!.from; w !== null; w = w + 1 < weeks ? w + 1 : null) {
        current[i] = w;
        visit(i + 1);
      }
      current[i] = null;
      visit(i + 1);
    };
    visit(0);
    const found = best as { weeks: (number | null)[]; score: Score } | null;
    if (!found)
      throw new Error('brute force: no assignment keeps the rules (leaving every visit out always does)');
    return { weeks: found.weeks, optimal: true, lateBound: found.score.late, daysLateGap: 0, seconds: 0 };
  },
};
