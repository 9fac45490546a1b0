import { isIsoDate } from '../domain/calendar.ts';
import { FORECAST_GROUPS } from '../domain/forecast.ts';
import { ITEM_STATUSES } from '../domain/item-state.ts';
import { PLAN_MAX_WEEKS } from '../domain/planning/settings.ts';
import { DUE_KINDS, STAGES } from '../domain/policy.ts';
import { inRecordYears, LIMITS } from '../domain/records.ts';
import * as z from '../domain/zod.ts';

/**
 * Query parameters of each route, parsed strictly: an unknown parameter, a bad date or an
 * out-of-range number is a 400 that names the field.
 */

/** A date written YYYY-MM-DD in the years records may hold (2000–2099), so every horizon stays in range. */
const isoDateParam = z.string().check(
  z.refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' }),
  z.refine(inRecordYears, {
    message: `expected a date in the years ${LIMITS.firstYear}–${LIMITS.lastYear}`,
  }),
);

const intParam = (min: number, max: number) =>
  z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, { message: `expected a whole number from ${min} to ${max}` })),
      z.transform(Number),
    ),
    z
      .int()
      .check(
        z.minimum(min, { message: `must be at least ${min}` }),
        z.maximum(max, { message: `must be at most ${max}` }),
      ),
  );

const commaList = <T extends string>(values: readonly T[]) => {
  const message = `expected a comma list of: ${values.join(', ')}`;
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((s: string) =>
        s
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ),
    z.array(z.enum(values as [T, ...T[]], { message })).check(z.minLength(1, { message })),
  );
};

const email = z.email();

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const FORMATS = ['json', 'csv', 'ics'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Which items: `queue`, what needs action now (due soon, urgent or overdue, and open or told
 * again: a booking's date passed, a deferral ended), as the pages and `due` open on; `all`,
 * everything within the horizon whatever people did with it.
 */
export const VIEWS = ['queue', 'all'] as const;
export type View = (typeof VIEWS)[number];

export const dueWorkQuery = z.strictObject({
  asOf: z.optional(isoDateParam),
  view: z._default(z.enum(VIEWS, { message: 'expected queue or all' }), 'all'),
  /** Days ahead, overdue included; default 90 (`all`), or as far as any alert window reaches (`queue`). */
  within: z.optional(intParam(1, 3650)),
  /** Only items due in this month (YYYY-MM), as a forecast bar links to; overrides within. */
  month: z.optional(
    z.string().check(
      z.regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, {
        message: `expected a month written YYYY-MM in the years ${LIMITS.firstYear}–${LIMITS.lastYear}`,
      }),
    ),
  ),
  kind: z.optional(commaList(DUE_KINDS)),
  stage: z.optional(commaList(STAGES)),
  trustId: z.optional(text(64)),
  region: z.optional(text(100)),
  /** A holder's email; `me` (the signed-in user's own); `none` (trusts with no holder). */
  /** What people did with it: open, booked, deferred, waived (a comma list). */
  status: z.optional(commaList(ITEM_STATUSES)),
  holder: z.optional(
    z.string().check(
      z.refine((v) => v === 'me' || v === 'none' || email.safeParse(v).success, {
        message: 'expected an email address, me or none',
      }),
    ),
  ),
  limit: z._default(intParam(1, 1000), 100),
  cursor: z.optional(text(2000)),
  format: z.optional(z.enum(FORMATS, { message: 'expected json, csv or ics' })),
});
export type DueWorkQuery = z.infer<typeof dueWorkQuery>;

export const tasksQuery = z.strictObject({
  status: z._default(z.enum(['open', 'closed'], { message: 'expected open or closed' }), 'open'),
  trustId: z.optional(text(64)),
});

export const trustQuery = z.strictObject({ asOf: z.optional(isoDateParam) });
/** The trust's page: its date, and what was just changed (after a form's redirect). */
export const trustPageQuery = z.strictObject({ asOf: z.optional(isoDateParam), done: z.optional(text(20)) });

export const forecastQuery = z.strictObject({
  asOf: z.optional(isoDateParam),
  months: z._default(intParam(1, 60), 12),
  groupBy: z._default(z.enum(FORECAST_GROUPS, { message: `expected ${FORECAST_GROUPS.join(', ')}` }), 'kind'),
});

/** A plan's parameters: the deployment's planning settings, overridden for this plan. */
export const planQuery = z.strictObject({
  asOf: z.optional(isoDateParam),
  weeks: z.optional(intParam(1, PLAN_MAX_WEEKS)),
  capacity: z.optional(intParam(0, 10000)),
  region: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  format: z.optional(z.enum(['json', 'csv', 'ics'], { message: 'expected json, csv or ics' })),
});
export type PlanQuery = z.infer<typeof planQuery>;

export const emptyQuery = z.strictObject({});
