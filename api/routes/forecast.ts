import { FORECAST_GROUPS } from '../../domain/forecast.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { parseQuery } from '../errors.ts';
import { forecastQuery } from '../queries.ts';
import { readForecast } from '../readers.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

export const forecastRoute: Route = {
  path: '/forecast',
  operationId: 'getForecast',
  summary: 'How much work falls due: overdue, then per month ahead, grouped by kind, region or holder',
  query: forecastQuery,
  response: () =>
    z.object({
      asOf: z.string(),
      months: z.int(),
      groupBy: z.enum(FORECAST_GROUPS),
      horizon: z.object({ from: z.string(), to: z.string(), withinDays: z.int() }),
      total: z.int(),
      buckets: z.array(
        z.object({ period: z.string(), total: z.int(), groups: z.record(z.string(), z.int()) }),
      ),
      skippedRows: skippedRowsField(),
    }),
  errors: [400],
  handle: (deps) => async (c) => {
    const q = parseQuery(forecastQuery, c);
    const skipped = new SkippedRows(deps.logger, '/forecast');
    const forecast = await readForecast(deps, userOf(c), q, skipped);
    return c.json({ ...forecast, skippedRows: skipped.report(c) });
  },
};
