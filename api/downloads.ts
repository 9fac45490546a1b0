import type { Context } from 'hono';
import { loadFormats } from './load-formats.ts';

type Formats = Awaited<ReturnType<typeof loadFormats>>;

const TYPES = { csv: 'text/csv; charset=utf-8', ics: 'text/calendar; charset=utf-8' } as const;

/**
 * A CSV or iCalendar answer: its type, its file name, and its body from the writers, loaded
 * only now (most requests are JSON, and cold starts pay per module).
 */
export async function download(
  c: Context,
  format: keyof typeof TYPES,
  filename: string,
  write: (formats: Formats) => string,
  disposition: 'attachment' | 'inline' = 'attachment',
): Promise<Response> {
  c.header('content-type', TYPES[format]);
  c.header('content-disposition', `${disposition}; filename="${filename}"`);
  return c.body(write(await loadFormats()));
}
