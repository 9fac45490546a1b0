import highsModule, { type Highs } from 'highs';
import { daysLateBound } from '../../domain/planning/bounds.ts';
import { fillIn, firstFit } from '../../domain/planning/greedy.ts';
import type { ModelSolution, PlanModel, PlanSolver } from '../../domain/planning/model.ts';
import { columnsOf, fromColumns, objectiveValue, toColumns } from './columns.ts';

/**
 * The plan's solver: HiGHS (the University of Edinburgh's MILP solver, as WebAssembly), on the
 * model of columns.ts. The objectives are solved in their order, each holding the ones before at
 * their best: late items, then days late, then the order term. First fit is the starting plan,
 * and after each stage whatever the search left out goes where room is left. Each stage's search
 * stops at the time left, or before HiGHS's WebAssembly memory runs out, keeping the best plan
 * found; the plan says whether every stage was proved best, and bounds its late items.
 */

// The package's types describe its CommonJS build; the ES module imported here exports the loader as default.
const loadHighs = highsModule as unknown as typeof highsModule.default;
let loaded: Promise<Highs> | undefined;
const highs = () => {
  loaded ??= loadHighs();
  return loaded;
};

const OPTIMAL = 7;
/** WebAssembly's memory stops at 4 GiB: the search stops at 3.5, keeping the best plan it found. */
const MEMORY_CEILING = 3.5 * 2 ** 30;
const CALLBACK = { improvingSolution: 4, mipInterrupt: 6 } as const;

export const highsPlanSolver: PlanSolver = {
  name: 'HiGHS',
  async solve(model: PlanModel, limits: { seconds: number }): Promise<ModelSolution> {
    const started = performance.now();
    const seconds = () => Math.round(performance.now() - started) / 1000;
    if (model.visits.length === 0)
      return { weeks: [], optimal: true, lateBound: 0, daysLateGap: 0, seconds: 0 };
    const c = columnsOf(model);
    // No plan has fewer late items than each visit has in the earliest week it may take.
    let lateBound = model.visits.reduce((sum, v) => sum + v.late[0]!, 0);
    let solution = toColumns(model, c, firstFit(model));
    let optimal = true;
    let latenessBound = 0;
    let latenessProved = false;
    const h = await highs();
    const m = h.createModel({
      numCols: c.numCols,
      numRows: c.numRows,
      colCost: c.costs[0],
      colLower: new Float64Array(c.numCols),
      colUpper: new Float64Array(c.numCols).fill(1),
      rowLower: [
        ...new Array(model.visits.length).fill(1),
        ...model.room.map(() => -h.infinity),
        ...model.after.map(() => 0),
      ],
      rowUpper: [
        ...new Array(model.visits.length).fill(1),
        ...model.room,
        ...model.after.map(() => h.infinity),
      ],
      matrix: {
        format: 'csc',
        numRows: c.numRows,
        numCols: c.numCols,
        starts: c.starts,
        indices: c.indices,
        values: c.values,
      },
      integrality: new Int32Array(c.numCols).fill(h.constants.variableType.integer),
    });
    let broken = false;
    try {
      m.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.999, random_seed: 0 });
      const all = { kind: 'range', from: 0, to: c.numCols - 1 } as const;
      for (const [stage, cost] of c.costs.entries()) {
        const left = limits.seconds - seconds();
        if (left <= 0.05) {
          optimal = false;
          break;
        }
        if (stage > 0) {
          // Hold the stage before at its best, and start from the plan it found.
          const before = c.costs[stage - 1]!;
          const entries = Array.from(before.keys()).filter((j) => before[j] !== 0);
          m.addRow(-h.infinity, Math.round(objectiveValue(before, solution)), {
            indices: entries,
            values: entries.map((j) => before[j]!),
          });
        }
        m.changeColsCost(all, cost);
        m.setSolution({ colValue: solution });
        m.options.set('time_limit', left);
        let best: Float64Array | undefined;
        let status: number;
        try {
          status = m.run({
            [CALLBACK.improvingSolution]: (event) => {
              best = event.data.mip_solution ?? best;
            },
            [CALLBACK.mipInterrupt]: (event) => {
              if (h.memoryBytes > MEMORY_CEILING) event.interrupt();
            },
          }).modelStatus;
        } catch (err) {
          // HiGHS aborted (out of memory, say): its instance is gone; the next plan loads a fresh one.
          if (!(err instanceof WebAssembly.RuntimeError)) throw err;
          broken = true;
          loaded = undefined;
          optimal = false;
          if (best) solution = toColumns(model, c, fillIn(model, fromColumns(model, c, best)));
          break;
        }
        if (status !== OPTIMAL) optimal = false;
        const found = Number(m.info.get('primal_solution_status')) === 2;
        const bound = Math.max(0, Math.ceil(Number(m.info.get('mip_dual_bound')) - 1e-6));
        if (stage === 0)
          lateBound = Math.max(lateBound, status === OPTIMAL ? Math.round(m.getObjectiveValue()) : bound);
        if (stage === 1) {
          latenessProved = status === OPTIMAL;
          latenessBound = bound;
        }
        if (!found) break;
        // What the search left out goes where room is left: never more late, never more days late.
        solution = toColumns(model, c, fillIn(model, fromColumns(model, c, m.getSolution().colValue)));
      }
    } finally {
      if (!broken) m.dispose();
    }
    // How close the days late are: proved, or against the better of HiGHS's bound and the relaxation's.
    const daysLate = objectiveValue(c.costs[1], solution);
    const latenessFloor = Math.max(latenessBound, daysLateBound(model));
    const daysLateGap =
      latenessProved || daysLate <= latenessFloor ? 0 : (daysLate - latenessFloor) / daysLate;
    return { weeks: fromColumns(model, c, solution), optimal, lateBound, daysLateGap, seconds: seconds() };
  },
};
