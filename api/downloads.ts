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
  return fileAnswer(c, format, filename, write(await loadFormats()), disposition);
}

/** A CSV or iCalendar answer already written: its type and its file name. */
export function fileAnswer(
  c: Context,
  format: keyof typeof TYPES,
  filename: string,
  body: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): Response {
  c.header('content-type', TYPES[format]);
  c.header('content-disposition', `${disposition}; filename="${filename}"`);
  return c.body(body);
}
