import { parseArgs } from 'node:util';
import { bankHolidaysInEngland } from '../adapters/bank-holidays.ts';
import { readPlanWork } from '../adapters/dynamodb/plan-work.ts';
import { highsPlanSolver } from '../adapters/highs/plan-solver.ts';
import { planToCsv, planToIcs, planToText } from '../domain/planning/plan-formats.ts';
import { loadPlanningSettings, PLAN_MAX_WEEKS, PlanningSettingsError } from '../domain/planning/settings.ts';
import { PlanAskError, planInspections } from '../use-cases/plan-inspections.ts';
import { type CommandIo, parseAsOf } from './due.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';

export const PLAN_USAGE = `Usage: trust-scheduler plan [options]      (npm run cli -- plan …)

Proposes which week each site visit takes within the inspection teams' capacity: a location's
core services due within twelve weeks of each other in one visit, a trust's well-led inspection
after them, its inspections after a PIR not before the planning meeting; bookings stay put,
deferrals wait, waived items are left out. The fewest items late, then the fewest days late,
then the most overdue first (HiGHS); the shortfall says how many more team-days would meet every
due date. Reads the due work in the table (the local stack, or --table NAME in AWS).

  --as-of YYYY-MM-DD  the date to plan from (default: today in Europe/London)
  --weeks N           how many weeks ahead (1–${PLAN_MAX_WEEKS}; default: the settings', 52)
  --capacity N        team-days a week (default: the settings', 10; with --region, that region's)
  --region NAME       plan one region's trusts with that region's capacity
  --format FORMAT     text (default) | json | csv | ics
  --settings FILE     JSON planning settings (default: PLANNING_JSON, else the defaults):
                      capacity, regions {NAME: N}, coreServiceDays, wellLedDays,
                      pirInspectionDays, groupWeeks, weeks, timeLimitSeconds
  --table NAME        read the deployed table in AWS instead of the local stack

Exit code 0 when it made a plan, late items or not; 1 bad settings; 2 bad usage.`;

const FORMATS = ['text', 'json', 'csv', 'ics'] as const;

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`--${flag}: ${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
  return n;
}

async function readSettings(file: string | undefined) {
  let raw: unknown = {};
  const from = file ? `--settings ${file}` : 'PLANNING_JSON';
  try {
    if (file) raw = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8'));
    else if (process.env.PLANNING_JSON) raw = JSON.parse(process.env.PLANNING_JSON);
    return loadPlanningSettings(raw);
  } catch (err) {
    if (
      err instanceof PlanningSettingsError ||
      err instanceof SyntaxError ||
      (err as NodeJS.ErrnoException).code
    )
      throw new UsageError(`${from}: ${(err as Error).message}`);
    throw err;
  }
}

export async function planCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'as-of': { type: 'string' },
      weeks: { type: 'string' },
      capacity: { type: 'string' },
      region: { type: 'string' },
      format: { type: 'string', default: 'text' },
      settings: { type: 'string' },
      table: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of ${FORMATS.join(', ')}`);
  const ask = {
    asOf: parseAsOf(values['as-of'], io.now),
    weeks: wholeNumber('weeks', values.weeks, 1, PLAN_MAX_WEEKS),
    capacity: wholeNumber('capacity', values.capacity, 0, 10000),
    region: values.region,
  };
  const settings = await readSettings(values.settings);
  const { target, wiring } = await wireTarget(values.table);
  const skipped: { record: string; reason: string }[] = [];
  // Progress for a person at a terminal: a plan may take the solver's whole time.
  if (process.stderr.isTTY)
    io.stderr(
      `Planning with HiGHS: at most ${settings.timeLimitSeconds} seconds of search (timeLimitSeconds)…`,
    );
  let plan: Awaited<ReturnType<typeof planInspections>>;
  try {
    plan = await planInspections(
      {
        work: (lastDay) => readPlanWork(wiring.repos.dueItems, lastDay, (s) => skipped.push(s)),
        bankHolidays: bankHolidaysInEngland,
        solver: highsPlanSolver,
        settings,
      },
      ask,
    );
  } catch (err) {
    if (err instanceof PlanAskError) throw new UsageError(`--${err.message}`);
    throw explainConnectionError(err, target);
  }
  for (const s of skipped) io.stderr(`skipped ${s.record}: ${s.reason}`);
  if (format === 'json') io.stdout(JSON.stringify({ ...plan, skippedRows: skipped.length }, null, 2));
  else if (format === 'csv') io.stdout(planToCsv(plan));
  else if (format === 'ics') io.stdout(planToIcs(plan));
  else io.stdout(planToText(plan));
  return 0;
}
