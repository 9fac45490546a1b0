/**
 * The planning model as a solver sees it, and the port a solver implements: which week each
 * movable visit takes, within each week's room, so that the fewest items are late, then the least
 * lateness in all, then the most overdue work goes first. Weeks are indices 0…weeks-1; a visit
 * left out of the plan is `null`. The HiGHS adapter (adapters/highs/) solves it as a MILP; the
 * tests' brute-force solver tries every assignment.
 */
export interface ModelVisit {
  /** Team-days it takes. */
  cost: number;
  /** The earliest week it may take. */
  from: number;
  /** Per week from `from` to the last: how many of its items would be late, and by how many days in all. */
  late: number[];
  lateness: number[];
  /** The same if it is left out of the plan (every item late, at least into the week after the last). */
  outLate: number;
  outLateness: number;
  /** Days its most overdue item is overdue on the as-of date (0 when none is): the most overdue go first. */
  overdueDays: number;
}

export interface PlanModel {
  /** Each week's room in team-days, after bank holidays and bookings. */
  room: number[];
  /** Earliest due first (a visit's earliest item). */
  visits: ModelVisit[];
  /** [later, earlier]: when both are in the plan, `later`'s week is no earlier than `earlier`'s. */
  after: [number, number][];
}

/** What a solver answers: a week (or null) per visit, whether it proved it best, and a bound on late items. */
export interface ModelSolution {
  weeks: (number | null)[];
  optimal: boolean;
  /** No assignment has fewer late items than this (equal to the plan's count when optimal). */
  lateBound: number;
  /**
   * How far the plan's days late (work left out counted as late into the week after the plan)
   * may be above the least possible with that many late items, as a fraction: 0 when proved
   * least, null when the search had no time to bound it.
   */
  daysLateGap: number | null;
  /** How long the search took. */
  seconds: number;
}

export interface PlanSolver {
  readonly name: string;
  solve(model: PlanModel, limits: { seconds: number }): Promise<ModelSolution>;
}

/** The objectives in their order, for an assignment: late items, total days late, then the order term. */
export interface Score {
  late: number;
  lateness: number;
  order: number;
}

/** The order term of a visit in a week (`weeks` for left out): earlier is better, the more so the more overdue. */
export const orderCost = (v: ModelVisit, week: number): number => (week + 1) * (1 + v.overdueDays);

export function scoreOf(model: PlanModel, weeks: readonly (number | null)[]): Score {
  const score = { late: 0, lateness: 0, order: 0 };
  model.visits.forEach((v, i) => {
    const w = weeks[i] ?? null;
    score.late += w === null ? v.outLate : v.late[w - v.from]!;
    score.lateness += w === null ? v.outLateness : v.lateness[w - v.from]!;
    score.order += orderCost(v, w ?? model.room.length);
  });
  return score;
}

/** What breaks the model's rules in an assignment (empty when none does). */
export function brokenRules(model: PlanModel, weeks: readonly (number | null)[]): string[] {
  const broken: string[] = [];
  const used = model.room.map(() => 0);
  model.visits.forEach((v, i) => {
    const w = weeks[i] ?? null;
    if (w === null) return;
    if (!Number.isInteger(w) || w < v.from || w >= model.room.length)
      broken.push(`visit ${i} in week ${w}, outside weeks ${v.from}…${model.room.length - 1}`);
    else used[w]! += v.cost;
  });
  used.forEach((u, w) => {
    if (u > model.room[w]!) broken.push(`week ${w} holds ${u} team-days, its room is ${model.room[w]}`);
  });
  for (const [later, earlier] of model.after) {
    const a = weeks[later] ?? null;
    const b = weeks[earlier] ?? null;
    if (a !== null && b !== null && a < b)
      broken.push(`visit ${later} in week ${a}, before visit ${earlier} in week ${b}`);
  }
  return broken;
}

/** Whether score `a` is better than `b`, objective by objective. */
export function isBetter(a: Score, b: Score): boolean {
  if (a.late !== b.late) return a.late < b.late;
  if (a.lateness !== b.lateness) return a.lateness < b.lateness;
  return a.order < b.order;
}
