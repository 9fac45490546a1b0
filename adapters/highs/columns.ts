import type { PlanModel } from '../../domain/planning/model.ts';
import { orderCost } from '../../domain/planning/model.ts';

/**
 * The plan's model as a MILP's columns, compressed by column (CSC): one binary per visit and
 * week it may take, then one for leaving it out. Rows: one per visit (exactly one of its
 * columns), one per week (its room), one per well-led rule:
 * sum(w·x_later) + weeks·out_later − sum(w·x_earlier) ≥ 0.
 */
export interface Columns {
  numCols: number;
  numRows: number;
  /** The first column of each visit. */
  first: number[];
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** Each objective's cost per column, in their order: late items, days late, the order term. */
  costs: [Float64Array, Float64Array, Float64Array];
}

export function columnsOf(model: PlanModel): Columns {
  const weeks = model.room.length;
  const V = model.visits.length;
  const first: number[] = [];
  let numCols = 0;
  for (const v of model.visits) {
    first.push(numCols);
    numCols += weeks - v.from + 1;
  }
  const laterOf = new Map<number, number[]>();
  const earlierOf = new Map<number, number[]>();
  model.after.forEach(([later, earlier], r) => {
    laterOf.set(later, [...(laterOf.get(later) ?? []), r]);
    earlierOf.set(earlier, [...(earlierOf.get(earlier) ?? []), r]);
  });
  const precedenceRow = (r: number) => V + weeks + r;
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const costs: Columns['costs'] = [
    new Float64Array(numCols),
    new Float64Array(numCols),
    new Float64Array(numCols),
  ];
  let col = 0;
  model.visits.forEach((v, i) => {
    for (let w = v.from; w <= weeks; w++, col++) {
      const out = w === weeks;
      indices.push(i);
      values.push(1);
      if (!out) {
        indices.push(V + w);
        values.push(v.cost);
      }
      const asLater = out ? weeks : w;
      if (asLater !== 0)
        for (const r of laterOf.get(i) ?? []) {
          indices.push(precedenceRow(r));
          values.push(asLater);
        }
      if (!out && w !== 0)
        for (const r of earlierOf.get(i) ?? []) {
          indices.push(precedenceRow(r));
          values.push(-w);
        }
      starts[col + 1] = indices.length;
      costs[0][col] = out ? v.outLate : v.late[w - v.from]!;
      costs[1][col] = out ? v.outLateness : v.lateness[w - v.from]!;
      costs[2][col] = orderCost(v, w);
    }
  });
  return {
    numCols,
    numRows: V + weeks + model.after.length,
    first,
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    costs,
  };
}

/** An assignment (a week or null per visit) as column values, and back. */
export function toColumns(model: PlanModel, c: Columns, weeksOf: readonly (number | null)[]): Float64Array {
  const x = new Float64Array(c.numCols);
  weeksOf.forEach((w, i) => {
    x[c.first[i]! + (w ?? model.room.length) - model.visits[i]!.from] = 1;
  });
  return x;
}

export function fromColumns(model: PlanModel, c: Columns, x: ArrayLike<number>): (number | null)[] {
  return model.visits.map((v, i) => {
    for (let w = v.from; w < model.room.length; w++) if (x[c.first[i]! + w - v.from]! > 0.5) return w;
    return null;
  });
}

/** An objective's value for column values. */
export const objectiveValue = (cost: Float64Array, x: ArrayLike<number>) =>
  cost.reduce((sum, c, j) => sum + c * x[j]!, 0);
