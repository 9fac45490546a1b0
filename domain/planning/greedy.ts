import type { PlanModel } from './model.ts';

/**
 * The visits a plan left out, placed where room is left (earliest due first, each in the
 * earliest week it may take): a left-out visit counts every item late, so this never adds a late
 * item and never adds days late. Returns a new assignment.
 */
export function fillIn(model: PlanModel, weeks: readonly (number | null)[]): (number | null)[] {
  const out = [...weeks];
  const room = [...model.room];
  model.visits.forEach((v, i) => {
    const w = out[i];
    if (w !== null && w !== undefined) room[w]! -= v.cost;
  });
  const before = new Map<number, number[]>();
  const after = new Map<number, number[]>();
  for (const [later, earlier] of model.after) {
    before.set(later, [...(before.get(later) ?? []), earlier]);
    after.set(earlier, [...(after.get(earlier) ?? []), later]);
  }
  model.visits.forEach((v, i) => {
    if (out[i] !== null) return;
    let from = v.from;
    let to = room.length - 1;
    for (const e of before.get(i) ?? []) from = Math.max(from, out[e] ?? 0);
    for (const l of after.get(i) ?? []) to = Math.min(to, out[l] ?? to);
    for (let w = from; w <= to; w++)
      if (room[w]! >= v.cost) {
        room[w]! -= v.cost;
        out[i] = w;
        break;
      }
  });
  return out;
}

/**
 * First fit, earliest due first: each visit in the earliest week from its own earliest that has
 * room (and is no earlier than the visits it must follow), or out of the plan. Always a valid
 * plan, found in milliseconds: the solver's starting point, and the benchmark's baseline. It is
 * filling in a plan that placed nothing.
 */
export const firstFit = (model: PlanModel): (number | null)[] =>
  fillIn(
    model,
    model.visits.map(() => null),
  );
