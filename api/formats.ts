/**
 * The CSV and iCalendar writers: what only `format=csv` and `format=ics` need. In Lambda this
 * module is a bundle of its own (`formats.mjs` beside the handler's), loaded on the first such
 * request, so csv-stringify and ical-generator (47 KB) stay out of every cold start.
 */
export { actionsToCsv, itemsToCsv } from '../domain/format.ts';
export { itemsToIcs } from './ics.ts';
