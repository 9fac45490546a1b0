/**
 * The planner at the national picture (the sync benchmark's ~220 trusts, ~3,300 locations) and
 * at ten times it: time to a plan, whether it is proved best (or the bound and gap reached),
 * late items against first fit (the bare baseline: each visit in the earliest week with room,
 * earliest due first, measured in the same run), and memory (the process's peak resident set,
 * HiGHS's WebAssembly heap included).
 * Run: npm run bench -- plan   (BENCH_PLAN_SCALES=1 for the national picture alone)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bankHolidaysInEngland } from '../adapters/bank-holidays.ts';
import { highsPlanSolver } from '../adapters/highs/plan-solver.ts';
import { addDays, daysBetween } from '../domain/calendar.ts';
import { firstFit } from '../domain/planning/greedy.ts';
import type { PlanSolver } from '../domain/planning/model.ts';
import { makePlan, NO_ROOM, type Plan } from '../domain/planning/plan.ts';
import { loadPlanningSettings } from '../domain/planning/settings.ts';
import { median, RESULTS_DIR, writeResult } from './lib.ts';
import { nationalPicture } from './plan-estate.ts';

const AS_OF = '2026-12-07';
const holidays = bankHolidaysInEngland('2026-12-01', '2028-12-31');
const scales = (process.env.BENCH_PLAN_SCALES ?? '1,10').split(',').map(Number);

/** The bare baseline as a solver: first fit alone, no search. */
const firstFitSolver: PlanSolver = {
  name: 'first fit',
  async solve(model) {
    const start = performance.now();
    const weeks = firstFit(model);
    return {
      weeks,
      optimal: false,
      lateBound: 0,
      daysLateGap: null,
      seconds: (performance.now() - start) / 1000,
    };
  },
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function run(
  items: Parameters<typeof makePlan>[0],
  settings: ReturnType<typeof loadPlanningSettings>,
  solver: PlanSolver,
) {
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const start = performance.now();
  const plan = await makePlan(items, { asOf: AS_OF, settings, region: null, bankHolidays: holidays }, solver);
  const seconds = (performance.now() - start) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { plan, seconds, peakRssMiB: Math.round(peakRss / 2 ** 20) };
}

/** Days late as the plan's second objective counts them: work left out is late into the week after the plan. */
function daysLate(plan: Plan, due: Map<string, string>): number {
  const after = addDays(plan.firstWeek, 7 * plan.weeks.length);
  const out = plan.notPlanned.filter((n) => n.why === NO_ROOM);
  return (
    plan.late.reduce((s, l) => s + l.daysLate, 0) +
    out.reduce((s, n) => s + daysBetween(due.get(n.itemId)!, after), 0)
  );
}
let dueOf = new Map<string, string>();

const summary = (r: { plan: Plan; seconds: number; peakRssMiB: number }) => ({
  seconds: Math.round(r.seconds * 100) / 100,
  optimal: r.plan.solver.optimal,
  lateItems: r.plan.lateItems,
  lateBound: r.plan.solver.lateBound,
  daysLateGap: r.plan.solver.daysLateGap,
  daysLate: daysLate(r.plan, dueOf),
  visits: r.plan.visits.length,
  plannedTeamDays: r.plan.weeks.reduce((s, w) => s + w.planned, 0),
  shortfall: r.plan.shortfall,
  peakRssMiB: r.peakRssMiB,
});

const results: Record<string, unknown> = {};
for (const scale of scales) {
  const { items, trusts, locations } = nationalPicture(AS_OF, scale);
  dueOf = new Map(items.map((i) => [i.itemId, i.dueBy]));
  // The teams sized to the picture: 60 team-days a week nationally (about 9 per region), ×scale.
  const capacity = 60 * scale;
  const limit = scale === 1 ? 20 : 840;
  const settings = loadPlanningSettings({ capacity, timeLimitSeconds: limit });
  console.log(
    `scale ${scale}: ${trusts} trusts, ${locations} locations, ${items.length} items; capacity ${capacity} a week; time limit ${limit} s`,
  );
  const baseline = await run(items, settings, firstFitSolver);
  console.log('  first fit:', JSON.stringify(summary(baseline)));
  const rounds = scale === 1 ? 3 : 1;
  const planned: ReturnType<typeof summary>[] = [];
  for (let i = 0; i < rounds; i++) {
    planned.push(summary(await run(items, settings, highsPlanSolver)));
    console.log('  HiGHS:', JSON.stringify(planned.at(-1)));
  }
  const entry: Record<string, unknown> = {
    trusts,
    locations,
    items: items.length,
    capacity,
    timeLimitSeconds: limit,
    firstFit: summary(baseline),
    highs: planned,
    medianSeconds: median(planned.map((p) => p.seconds)),
    lateItemsVsFirstFit: `${planned[0]!.lateItems} / ${baseline.plan.lateItems}`,
  };
  if (scale === 1) {
    // Proved best, given the time: the same picture with the limit a Lambda run allows.
    const long = summary(
      await run(items, loadPlanningSettings({ capacity, timeLimitSeconds: 300 }), highsPlanSolver),
    );
    console.log('  HiGHS, 300 s allowed:', JSON.stringify(long));
    entry.highsLonger = long;
  }
  results[`scale${scale}`] = entry;
}
clearInterval(sampler);
// A run of some scales keeps the figures of the others from the last run.
const file = path.join(RESULTS_DIR, 'plan.json');
const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).results ?? {}) : {};
console.log(`written: ${writeResult('plan', { asOf: AS_OF, results: { ...before, ...results } })}`);
