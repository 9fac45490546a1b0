import {
  buildForecast,
  FORECAST_GROUPS,
  type ForecastEntry,
  forecastHorizon,
} from '../../domain/forecast.ts';
import * as z from '../../domain/zod.ts';
import { dueItems } from '../due-index.ts';
import { parseQuery } from '../errors.ts';
import { forecastQuery } from '../queries.ts';
import type { Route } from '../route.ts';

export const forecastRoute: Route = {
  path: '/forecast',
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
    }),
  errors: [400],
  handle: (deps) => async (c) => {
    const q = parseQuery(forecastQuery, c);
    const asOf = q.asOf ?? deps.today();
    const entries: ForecastEntry[] = [];
    for await (const r of dueItems(
      deps.repos.dueItems,
      deps.dueMonths,
      forecastHorizon(asOf, q.months).to,
      null,
      undefined,
      1000,
    )) {
      entries.push({
        dueBy: String(r.dueBy),
        kind: String(r.kind),
        region: (r.region as string | null) ?? null,
        holderEmail: (r.relationshipHolder as { email?: string } | null)?.email ?? null,
      });
    }
    return c.json(buildForecast(entries, asOf, q.months, q.groupBy));
  },
};
