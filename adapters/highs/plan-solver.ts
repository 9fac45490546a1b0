import highsModule, { type Highs } from 'highs';
import { fillIn, firstFit } from '../../domain/planning/greedy.ts';
import type { ModelSolution, PlanModel, PlanSolver } from '../../domain/planning/model.ts';
import { orderCost } from '../../domain/planning/model.ts';

/**
 * The plan's solver: HiGHS (the University of Edinburgh's MILP solver, as WebAssembly). One
 * binary per visit and week it may take, one more for leaving it out; a row per visit (exactly
 * one of them), per week (its room) and per well-led rule. The objectives are solved in their
 * order, each holding the ones before at their best: late items, then days late, then the order
 * term. Each stage's search stops at the time left; the plan says whether every stage was proved
 * best, and the first stage's bound is the bound on late items.
 */

// The package's types describe its CommonJS build; the ES module imported here exports the loader as default.
const loadHighs = highsModule as unknown as typeof highsModule.default;
let loaded: Promise<Highs> | undefined;
const highs = () => {
  loaded ??= loadHighs();
  return loaded;
};

const OPTIMAL = 7;

export const highsPlanSolver: PlanSolver = {
  name: 'HiGHS',
  async solve(model: PlanModel, limits: { seconds: number }): Promise<ModelSolution> {
    const started = performance.now();
    const weeks = model.room.length;
    const V = model.visits.length;
    if (V === 0) return { weeks: [], optimal: true, lateBound: 0, daysLateGap: 0, seconds: 0 };
    // Columns: each visit's weeks from its earliest, then its "left out".
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
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const costs = { late: [] as number[], lateness: [] as number[], order: [] as number[] };
    model.visits.forEach((v, i) => {
      for (let w = v.from; w <= weeks; w++) {
        const out = w === weeks;
        indices.push(i);
        values.push(1);
        if (!out) {
          indices.push(V + w);
          values.push(v.cost);
        }
        // Precedence: sum(w·x_later) + weeks·out_later − sum(w·x_earlier) ≥ 0.
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
        starts.push(indices.length);
        costs.late.push(out ? v.outLate : v.late[w - v.from]!);
        costs.lateness.push(out ? v.outLateness : v.lateness[w - v.from]!);
        costs.order.push(orderCost(v, w));
      }
    });
    const numRows = V + weeks + model.after.length;
    const h = await highs();
    const m = h.createModel({
      numCols,
      numRows,
      colCost: costs.late,
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: [...new Array(V).fill(1), ...new Array(weeks).fill(-h.infinity), ...model.after.map(() => 0)],
      rowUpper: [...new Array(V).fill(1), ...model.room, ...model.after.map(() => h.infinity)],
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      integrality: new Int32Array(numCols).fill(h.constants.variableType.integer),
    });
    try {
      m.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.999, random_seed: 0 });
      const left = () => limits.seconds - (performance.now() - started) / 1000;
      let optimal = true;
      let lateBound = 0;
      // First fit is the starting plan: there is always a plan, however little time the search has.
      const columnsOf = (assignment: readonly (number | null)[]) => {
        const x = new Float64Array(numCols);
        assignment.forEach((w, i) => {
          x[first[i]! + (w ?? weeks) - model.visits[i]!.from] = 1;
        });
        return x;
      };
      const assignmentOf = (x: Float64Array) =>
        model.visits.map((v, i) => {
          for (let w = v.from; w < weeks; w++) if (x[first[i]! + w - v.from]! > 0.5) return w;
          return null;
        });
      let solution = columnsOf(firstFit(model));
      let daysLateGap: number | null = null;
      const all = { kind: 'range', from: 0, to: numCols - 1 } as const;
      const stages = [costs.late, costs.lateness, costs.order];
      for (const [stage, cost] of stages.entries()) {
        if (left() <= 0.05) {
          optimal = false;
          break;
        }
        if (stage > 0) {
          // Hold the stage before at its best, and start from the plan it found.
          const held = Math.round(stages[stage - 1]!.reduce((sum, c, j) => sum + c * solution[j]!, 0));
          const entries = stages[stage - 1]!.flatMap((c, j) => (c === 0 ? [] : [j]));
          m.addRow(-h.infinity, held, {
            indices: entries,
            values: entries.map((j) => stages[stage - 1]![j]!),
          });
        }
        m.changeColsCost(all, cost);
        m.setSolution({ colValue: solution });
        m.options.set('time_limit', Math.max(0.05, left()));
        const status = m.run().modelStatus;
        const values = m.getSolution().colValue;
        if (status !== OPTIMAL) optimal = false;
        const bound = Math.max(0, Math.ceil(Number(m.info.get('mip_dual_bound')) - 1e-6));
        if (stage === 0) lateBound = status === OPTIMAL ? Math.round(m.getObjectiveValue()) : bound;
        if (stage === 1) {
          const found = m.getObjectiveValue();
          daysLateGap =
            status === OPTIMAL ? 0 : bound > 0 && found > 0 ? Math.max(0, (found - bound) / found) : null;
        }
        if (status !== OPTIMAL && !hasSolution(m)) break;
        // What the search left out goes where room is left: never more late, never more days late.
        solution = columnsOf(fillIn(model, assignmentOf(values)));
      }
      const chosen = assignmentOf(solution);
      return {
        weeks: chosen,
        optimal,
        lateBound,
        daysLateGap,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    } finally {
      m.dispose();
    }
  },
};

function hasSolution(m: { info: { get(name: string): unknown } }): boolean {
  return Number(m.info.get('primal_solution_status')) === 2;
}
