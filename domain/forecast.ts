import { addMonths, daysBetween, fromDayNumber, type IsoDate, toDayNumber } from './calendar.ts';

export const FORECAST_GROUPS = ['kind', 'region', 'holder', 'status'] as const;
export type ForecastGroup = (typeof FORECAST_GROUPS)[number];

export interface ForecastBucket {
  /** `overdue`, or a month `YYYY-MM`. */
  period: string;
  total: number;
  groups: Record<string, number>;
}

export interface Forecast {
  asOf: IsoDate;
  months: number;
  groupBy: ForecastGroup;
  horizon: { from: IsoDate; to: IsoDate; withinDays: number };
  total: number;
  buckets: ForecastBucket[];
}

/** What the forecast counts of each item. */
export interface ForecastEntry {
  dueBy: IsoDate;
  kind: string;
  region: string | null;
  holderEmail: string | null;
  /** What people did with it: open, booked, deferred, waived (open when absent). */
  status?: string;
}

/**
 * How much work falls due: overdue in its own bucket, then one bucket per month from as-of's
 * month, `months` of them, each counted by kind, region or holder. The horizon ends on the last
 * day of the last month, so its total equals the due work listed within `withinDays`.
 */
export function forecastHorizon(asOf: IsoDate, months: number): Forecast['horizon'] {
  const firstOfMonth = `${asOf.slice(0, 7)}-01`;
  const to = fromDayNumber(toDayNumber(addMonths(firstOfMonth, months)) - 1);
  return { from: asOf, to, withinDays: daysBetween(asOf, to) };
}

export function buildForecast(
  entries: Iterable<ForecastEntry>,
  asOf: IsoDate,
  months: number,
  groupBy: ForecastGroup,
): Forecast {
  const firstOfMonth = `${asOf.slice(0, 7)}-01`;
  const periods = [
    'overdue',
    ...Array.from({ length: months }, (_, i) => addMonths(firstOfMonth, i).slice(0, 7)),
  ];
  const buckets = new Map(
    periods.map((p) => [p, { period: p, total: 0, groups: {} as Record<string, number> }]),
  );
  let total = 0;
  for (const e of entries) {
    const bucket = buckets.get(e.dueBy < asOf ? 'overdue' : e.dueBy.slice(0, 7));
    if (!bucket) continue;
    const key =
      groupBy === 'kind'
        ? e.kind
        : groupBy === 'region'
          ? (e.region ?? '(no region)')
          : groupBy === 'holder'
            ? (e.holderEmail ?? '(no holder)')
            : (e.status ?? 'open');
    bucket.total++;
    bucket.groups[key] = (bucket.groups[key] ?? 0) + 1;
    total++;
  }
  return {
    asOf,
    months,
    groupBy,
    horizon: forecastHorizon(asOf, months),
    total,
    buckets: [...buckets.values()],
  };
}
