import * as z from 'zod';
import { isIsoDate } from '../../domain/calendar.ts';
import { DUE_KINDS, STAGES } from '../../domain/policy.ts';

/**
 * Query parameters of each route, parsed strictly: an unknown parameter, a bad date or an
 * out-of-range number is a 400 that names the field.
 */

const isoDateParam = z.string().refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' });

const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

const commaList = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.enum(values as [T, ...T[]], { message: `expected a comma list of: ${values.join(', ')}` }))
        .min(1, { message: `expected a comma list of: ${values.join(', ')}` }),
    );

export const FORMATS = ['json', 'csv', 'ics'] as const;
export type Format = (typeof FORMATS)[number];

export const dueWorkQuery = z
  .object({
    asOf: isoDateParam.optional(),
    within: intParam(1, 3650).default(90),
    kind: commaList(DUE_KINDS).optional(),
    stage: commaList(STAGES).optional(),
    trustId: z.string().min(1).max(64).optional(),
    region: z.string().min(1).max(100).optional(),
    holder: z.email({ message: 'expected an email address' }).optional(),
    limit: intParam(1, 1000).default(100),
    cursor: z.string().min(1).max(2000).optional(),
    format: z.enum(FORMATS, { message: 'expected json, csv or ics' }).optional(),
  })
  .strict();
export type DueWorkQuery = z.infer<typeof dueWorkQuery>;

export const tasksQuery = z
  .object({
    status: z.enum(['open', 'closed'], { message: 'expected open or closed' }).default('open'),
    trustId: z.string().min(1).max(64).optional(),
  })
  .strict();

export const trustQuery = z.object({ asOf: isoDateParam.optional() }).strict();

export const forecastQuery = z
  .object({
    asOf: isoDateParam.optional(),
    months: intParam(1, 60).default(12),
    groupBy: z
      .enum(['kind', 'region', 'holder'], { message: 'expected kind, region or holder' })
      .default('kind'),
  })
  .strict();

export const emptyQuery = z.object({}).strict();
