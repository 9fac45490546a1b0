import * as z from '../../domain/zod.ts';
import { fileAnswer } from '../downloads.ts';
import { parseQuery } from '../errors.ts';
import { loadPlanner } from '../load-formats.ts';
import { planQuery } from '../queries.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';
import { wantedFormat } from './due-work.ts';

const date = () => z.string();
const planSchema = () =>
  z.object({
    asOf: date(),
    firstWeek: date(),
    region: z.nullable(z.string()),
    regions: z.array(z.string()),
    settings: z.object({
      capacity: z.int(),
      coreServiceDays: z.int(),
      wellLedDays: z.int(),
      pirInspectionDays: z.int(),
      groupWeeks: z.int(),
      weeks: z.int(),
    }),
    weeks: z.array(
      z.object({ week: date(), capacity: z.int(), planned: z.int(), bankHolidays: z.array(date()) }),
    ),
    visits: z.array(
      z.object({
        id: z.string(),
        week: date(),
        trustId: z.string(),
        trustName: z.nullable(z.string()),
        locationId: z.nullable(z.string()),
        locationName: z.nullable(z.string()),
        kind: z.enum(['reinspection', 'well-led', 'pir-inspections']),
        days: z.int(),
        itemIds: z.array(z.string()),
        items: z.array(z.object({ itemId: z.string(), what: z.string(), dueBy: date() })),
        fixed: z.boolean(),
        late: z.boolean(),
        part: z.nullable(z.object({ n: z.int(), of: z.int() })),
      }),
    ),
    late: z.array(
      z.object({ itemId: z.string(), what: z.string(), dueBy: date(), week: date(), daysLate: z.int() }),
    ),
    notPlanned: z.array(z.object({ itemId: z.string(), what: z.string(), why: z.string() })),
    lateItems: z.int(),
    shortfall: z.object({ teamDays: z.int(), byWeek: z.nullable(date()) }),
    solver: z.object({
      name: z.string(),
      optimal: z.boolean(),
      lateBound: z.int(),
      daysLateGap: z.nullable(z.number()),
      seconds: z.number(),
    }),
    skippedRows: skippedRowsField(),
  });

export const planRoute: Route = {
  path: '/plan',
  operationId: 'getPlan',
  summary: "A proposed plan of site visits within the inspection teams' capacity, week by week",
  description:
    "Which week each visit (a location's core services due close together, a trust's well-led inspection, its inspections after a PIR) takes, within each week's capacity in team-days (less in weeks with bank holidays in England); bookings stay in their week, deferrals are not planned before they end, waived items are left out. The fewest items late, then the fewest days late, then the most overdue first; the shortfall says how many more team-days would meet every due date. The deployment's planning settings apply; weeks, capacity and region override them. JSON by default; CSV (a row per item) with format=csv; iCalendar (an event per visit) with format=ics.",
  query: planQuery,
  response: planSchema,
  alsoAnswers: [
    {
      mediaType: 'text/csv',
      description: 'a row per planned item (its visit and week) and per item not planned (why)',
    },
    { mediaType: 'text/calendar', description: "one all-day event per visit over its week's working days" },
  ],
  errors: [400, 403],
  access: 'planners',
  handle: (deps) => async (c) => {
    const q = parseQuery(planQuery, c);
    const format = wantedFormat(c, q.format);
    const skipped = new SkippedRows(deps.logger, '/plan');
    const planner = await loadPlanner();
    const plan = await planner.planFor(deps, q, skipped);
    const skippedRows = skipped.report(c);
    if (format === 'csv') return fileAnswer(c, 'csv', `plan-${plan.asOf}.csv`, planner.planToCsv(plan));
    if (format === 'ics')
      return fileAnswer(c, 'ics', 'plan.ics', planner.planToIcs(plan, deps.webBaseUrl), 'inline');
    return c.json({ ...plan, skippedRows });
  },
};
