import type { Context } from 'hono';
import { identifiedItemSchema } from '../../domain/due-item.ts';
import { itemStatusFieldsSchema } from '../../domain/item-state.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { download } from '../downloads.ts';
import { parseQuery } from '../errors.ts';
import { dueWorkQuery, type Format } from '../queries.ts';
import { readDueWork } from '../readers.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

export function wantedFormat(c: Context, format: Format | undefined): Format {
  if (format) return format;
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('text/calendar')) return 'ics';
  return 'json';
}

export const dueWorkRoute: Route = {
  path: '/due-work',
  operationId: 'listDueWork',
  summary: 'Due work within a horizon, overdue included, in due-date order',
  description:
    'JSON by default; CSV with format=csv or Accept: text/csv; iCalendar with format=ics or Accept: text/calendar. Pages follow nextCursor (also in the x-next-cursor header). Stored rows that do not parse are passed over and counted in skippedRows (and the x-skipped-rows header).',
  query: dueWorkQuery,
  response: () =>
    z.object({
      asOf: z.string(),
      items: z.array(z.extend(identifiedItemSchema, itemStatusFieldsSchema().shape)),
      nextCursor: z.nullable(z.string()),
      skippedRows: skippedRowsField(),
    }),
  alsoAnswers: [
    { mediaType: 'text/csv', description: 'the same items, one row each, with a header row' },
    { mediaType: 'text/calendar', description: 'one all-day event per item on its due date' },
  ],
  errors: [400, 403],
  handle: (deps) => async (c) => {
    const q = parseQuery(dueWorkQuery, c);
    const format = wantedFormat(c, q.format);
    const skipped = new SkippedRows(deps.logger, '/due-work');
    const { asOf, items, nextCursor } = await readDueWork(deps, userOf(c), q, skipped);
    if (nextCursor) c.header('x-next-cursor', nextCursor);
    const skippedRows = skipped.report(c);

    if (format === 'csv') return download(c, 'csv', `due-work-${asOf}.csv`, (f) => f.itemsToCsv(items));
    if (format === 'ics')
      return download(c, 'ics', 'due-work.ics', (f) => f.itemsToIcs(items, asOf, deps.webBaseUrl), 'inline');
    return c.json({ asOf, items, nextCursor, skippedRows });
  },
};
