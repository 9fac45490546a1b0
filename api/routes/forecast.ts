import {
  buildForecast,
  FORECAST_GROUPS,
  type ForecastEntry,
  forecastHorizon,
} from '../../domain/forecast.ts';
import * as z from '../../domain/zod.ts';
import { holderScope, userOf } from '../auth.ts';
import { dueFilter, dueItems, parseItemRow } from '../due-index.ts';
import { parseQuery } from '../errors.ts';
import { forecastQuery } from '../queries.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

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
      skippedRows: skippedRowsField(),
    }),
  errors: [400],
  handle: (deps) => async (c) => {
    const q = parseQuery(forecastQuery, c);
    const asOf = q.asOf ?? deps.today();
    const entries: ForecastEntry[] = [];
    const skipped = new SkippedRows(deps.logger, '/forecast');
    for await (const record of dueItems(
      deps.repos.dueItems,
      deps.dueMonths,
      forecastHorizon(asOf, q.months).to,
      null,
      // A holder's forecast counts their own trusts' work only.
      dueFilter({ holder: holderScope(userOf(c), undefined) }),
      1000,
    )) {
      const r = parseItemRow(record, skipped.skip);
      if (r)
        entries.push({
          dueBy: r.dueBy,
          kind: r.kind,
          region: r.region,
          holderEmail: r.relationshipHolder?.email ?? null,
        });
    }
    const skippedRows = skipped.report(c);
    return c.json({ ...buildForecast(entries, asOf, q.months, q.groupBy), skippedRows });
  },
};
