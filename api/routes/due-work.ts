import type { Context } from 'hono';
import { addDays } from '../../domain/calendar.ts';
import { type IdentifiedItem, identifiedItemSchema } from '../../domain/due-item.ts';
import type { Stage } from '../../domain/policy.ts';
import * as z from '../../domain/zod.ts';
import { holderScope, userOf } from '../auth.ts';
import { decodeCursor, encodeCursor, queryFingerprint } from '../cursor.ts';
import { dueFilter, dueItems, itemFromRecord } from '../due-index.ts';
import { parseQuery } from '../errors.ts';
import { loadFormats } from '../load-formats.ts';
import { dueWorkQuery, type Format } from '../queries.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

function wantedFormat(c: Context, format: Format | undefined): Format {
  if (format) return format;
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('text/calendar')) return 'ics';
  return 'json';
}

export const dueWorkRoute: Route = {
  path: '/due-work',
  summary: 'Due work within a horizon, overdue included, in due-date order',
  description:
    'JSON by default; CSV with format=csv or Accept: text/csv; iCalendar with format=ics or Accept: text/calendar. Pages follow nextCursor (also in the x-next-cursor header). Stored rows that do not parse are passed over and counted in skippedRows (and the x-skipped-rows header).',
  query: dueWorkQuery,
  response: () =>
    z.object({
      asOf: z.string(),
      items: z.array(identifiedItemSchema),
      nextCursor: z.nullable(z.string()),
      skippedRows: skippedRowsField(),
    }),
  alsoAnswers: [
    { mediaType: 'text/csv', description: 'the same items, one row each, with a header row' },
    { mediaType: 'text/calendar', description: 'one all-day event per item on its due date' },
  ],
  errors: [400, 403],
  handle: (deps) => async (c) => {
    const asked = parseQuery(dueWorkQuery, c);
    // A holder's own work only, whatever they ask for.
    const q = { ...asked, holder: holderScope(userOf(c), asked.holder) };
    const asOf = q.asOf ?? deps.today();
    const format = wantedFormat(c, q.format);
    const fingerprint = queryFingerprint(q, asOf);
    const cursor = q.cursor ? decodeCursor(q.cursor, fingerprint) : null;
    const stages = q.stage ? new Set<Stage>(q.stage) : null;
    const skipped = new SkippedRows(deps.logger, '/due-work');

    const items: IdentifiedItem[] = [];
    let last: Record<string, unknown> | null = null;
    let more = false;
    for await (const record of dueItems(
      deps.repos.dueItems,
      deps.dueMonths,
      addDays(asOf, q.within),
      cursor && { month: cursor.m, after: cursor.k },
      dueFilter(q),
      q.limit + 1,
    )) {
      const item = itemFromRecord(record, asOf, deps.policy, skipped.skip);
      if (!item || (stages && !stages.has(item.stage))) continue;
      if (items.length === q.limit) {
        more = true;
        break;
      }
      items.push(item);
      last = record;
    }
    const nextCursor =
      more && last
        ? encodeCursor({ q: fingerprint, m: String(last.GSI1PK).slice(4), k: String(last.GSI1SK) })
        : null;
    if (nextCursor) c.header('x-next-cursor', nextCursor);
    const skippedRows = skipped.report(c);

    if (format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="due-work-${asOf}.csv"`);
      // Loaded only when CSV is asked for: most requests are JSON, and cold starts pay per module.
      return c.body((await loadFormats()).itemsToCsv(items));
    }
    if (format === 'ics') {
      c.header('content-type', 'text/calendar; charset=utf-8');
      c.header('content-disposition', 'inline; filename="due-work.ics"');
      return c.body((await loadFormats()).itemsToIcs(items, asOf));
    }
    return c.json({ asOf, items, nextCursor, skippedRows });
  },
};
