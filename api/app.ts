import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TrustStore } from '../adapters/dynamodb/store.ts';
import { trustOf } from '../adapters/dynamodb/store.ts';
import { redactEmails } from '../adapters/observability.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  fromDayNumber,
  type IsoDate,
  londonDateOf,
  toDayNumber,
} from '../domain/calendar.ts';
import { type DueItem, evaluateTrust, itemIdOf, stageFor } from '../domain/evaluate.ts';
import type { DueKind, Policy, Stage } from '../domain/policy.ts';
import type { RatingValue } from '../domain/records.ts';
import type * as z from '../domain/zod.ts';
import {
  type DueWorkQuery,
  dueWorkQuery,
  emptyQuery,
  type Format,
  forecastQuery,
  tasksQuery,
  trustQuery,
} from './queries.ts';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** An error a client can act on: its status, a code, a message and the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface PlannerApiDeps {
  store: TrustStore;
  policy: Policy;
  logger: Logger;
  now?: () => Date;
  /**
   * How long a container reuses the list of months that hold due items (it changes at most
   * nightly and on import). 0 reads it on every request.
   */
  dueMonthsTtlMs?: number;
}

/** A due item as the API returns it: the `due` command's fields, and its stable id. */
export type ApiItem = DueItem & { itemId: string };

function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResult(err: ApiError): ApiResult {
  return json(err.status, { error: { code: err.code, message: err.message, field: err.field } }, err.headers);
}

function parseQuery<S extends z.ZodMiniType>(schema: S, event: ApiEvent): z.infer<S> {
  const result = schema.safeParse(event.queryStringParameters ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new ApiError(400, 'unknown_parameter', `unknown query parameter "${key}"`, key);
  }
  const field = String(issue.path[0] ?? '');
  throw new ApiError(400, 'invalid_parameter', `${field}: ${issue.message}`, field);
}

// ---- due work ----------------------------------------------------------------------------

interface Cursor {
  /** Which query the cursor belongs to. */
  q: string;
  /** Month and GSI1SK of the last item returned. */
  m: string;
  k: string;
}

function queryFingerprint(q: DueWorkQuery, asOf: IsoDate): string {
  const key = JSON.stringify([asOf, q.within, q.kind, q.stage, q.trustId, q.region, q.holder?.toLowerCase()]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, fingerprint: string): Cursor {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', 'cursor');
  }
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.q !== 'string' ||
    typeof c.m !== 'string' ||
    typeof c.k !== 'string' ||
    !/^\d{4}-\d{2}$/.test(c.m)
  ) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', 'cursor');
  }
  if (c.q !== fingerprint) {
    throw new ApiError(
      400,
      'invalid_cursor',
      'cursor belongs to a different query: repeat the same parameters to page on',
      'cursor',
    );
  }
  return c as Cursor;
}

/** A stored item record as a due item evaluated for `asOf`. */
function itemFromRecord(r: Record<string, unknown>, asOf: IsoDate, policy: Policy): ApiItem {
  const kind = r.kind as DueKind;
  const dueBy = r.dueBy as string;
  const daysRemaining = daysBetween(asOf, dueBy);
  return {
    itemId: r.itemId as string,
    kind,
    trustId: r.trustId as string,
    trustName: (r.trustName as string | null) ?? null,
    region: (r.region as string | null) ?? null,
    locationId: (r.locationId as string | null) ?? null,
    locationName: (r.locationName as string | null) ?? null,
    service: (r.service as string | null) ?? null,
    rating: (r.rating as DueItem['rating']) ?? null,
    reference: (r.reference as string | null) ?? null,
    basisDate: r.basisDate as string,
    dueBy,
    daysRemaining,
    stage: stageFor(kind, daysRemaining, policy),
    relationshipHolder: (r.relationshipHolder as DueItem['relationshipHolder']) ?? null,
  };
}

function dueFilter(q: { kind?: DueKind[]; trustId?: string; region?: string; holder?: string }) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (q.kind) {
    names['#kind'] = 'kind';
    const placeholders = q.kind.map((kind, i) => {
      values[`:kind${i}`] = kind;
      return `:kind${i}`;
    });
    parts.push(`#kind IN (${placeholders.join(', ')})`);
  }
  if (q.trustId) {
    names['#trustId'] = 'trustId';
    values[':trustId'] = q.trustId;
    parts.push('#trustId = :trustId');
  }
  if (q.region) {
    names['#region'] = 'region';
    values[':region'] = q.region;
    parts.push('#region = :region');
  }
  if (q.holder) {
    names['#rh'] = 'relationshipHolder';
    names['#email'] = 'email';
    values[':holder'] = q.holder.toLowerCase();
    parts.push('#rh.#email = :holder');
  }
  return parts.length > 0 ? { expression: parts.join(' AND '), names, values } : undefined;
}

type MonthIndex = { months: string[]; counts: Record<string, number> };

/** At most this many month Queries in flight at once. */
const MAX_MONTHS_IN_FLIGHT = 16;

/**
 * Items due on or before `upTo` (overdue included), in due-date order, from the due-date index:
 * one Query per month that holds items, read in order, starting after `from` when paging. The
 * months a page needs are known from the item counts the nightly job records, so they are all
 * queried at once; if filters or new imports leave the page short, the following months are
 * queried ahead 1, 2, 4, … at a time. Never a Scan.
 */
async function* dueItems(
  store: TrustStore,
  dueMonths: () => Promise<MonthIndex>,
  upTo: IsoDate,
  from: { month: string; after: string } | null,
  filter: ReturnType<typeof dueFilter>,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>> {
  const lastMonth = upTo.slice(0, 7);
  const upper = `${upTo}$`; // '$' sorts after the '#' that follows the date in GSI1SK
  const index = await dueMonths();
  const months = index.months.filter((m) => m <= lastMonth && (!from || m >= from.month));
  const rangeOf = (month: string) =>
    from && month === from.month ? { after: from.after } : { before: upper };
  const pending: Promise<Awaited<ReturnType<TrustStore['queryDueMonth']>>>[] = [];
  const queue = (upToIndex: number) => {
    while (pending.length < Math.min(upToIndex, months.length)) {
      const page = store.queryDueMonth(months[pending.length]!, rangeOf(months[pending.length]!), {
        limit: pageSize,
        filter,
      });
      page.catch(() => {}); // a reader that stops early leaves look-ahead pages unread
      pending.push(page);
    }
  };
  // The first round: as many months as the recorded counts say a page needs.
  let expected = 0;
  let firstRound = 0;
  while (firstRound < months.length && firstRound < MAX_MONTHS_IN_FLIGHT && expected < pageSize) {
    expected += index.counts[months[firstRound]!] ?? 1;
    firstRound++;
  }
  queue(Math.max(1, firstRound));
  let window = 1;
  for (let i = 0; i < months.length; i++) {
    queue(i + window);
    let page = await pending[i]!;
    for (;;) {
      for (const item of page.items) {
        if (String(item.GSI1SK) >= upper) return;
        yield item;
      }
      if (!page.lastKey) break;
      page = await store.queryDueMonth(months[i]!, rangeOf(months[i]!), {
        limit: pageSize,
        exclusiveStartKey: page.lastKey,
        filter,
      });
    }
    if (i + 1 >= pending.length) window = Math.min(MAX_MONTHS_IN_FLIGHT, window * 2);
  }
}

export function wantedFormat(event: ApiEvent, format: Format | undefined): Format {
  if (format) return format;
  const accept = event.headers?.accept ?? event.headers?.Accept ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('text/calendar')) return 'ics';
  return 'json';
}

/** iCalendar of the items. ical-generator is loaded only when a calendar is asked for (cold starts). */
export async function itemsToIcs(items: ApiItem[], asOf: IsoDate): Promise<string> {
  const { default: ical } = await import('ical-generator');
  const cal = ical({
    name: 'CQC due inspection work',
    prodId: { company: 'cqc', product: 'trust-scheduler', language: 'EN' },
  });
  const kinds: Record<DueKind, string> = {
    reinspection: 'Re-inspection',
    report: 'Report publication',
    'well-led': 'Well-led inspection',
    'planning-meeting': 'Regulatory planning meeting',
    'pir-inspections': 'Inspections after PIR',
  };
  for (const i of items) {
    const what = i.service
      ? `${kinds[i.kind]}: ${i.service}, ${i.locationName}`
      : `${kinds[i.kind]}${i.reference ? ` ${i.reference}` : ''}`;
    cal.createEvent({
      // Stable per item, whatever its stage or date: calendars update the event in place.
      id: `${createHash('sha256').update(i.itemId).digest('hex').slice(0, 32)}@trust-scheduler`,
      start: i.dueBy,
      end: addDays(i.dueBy, 1),
      allDay: true,
      summary: `${i.stage === 'overdue' ? 'OVERDUE ' : ''}${what} (${i.trustName ?? i.trustId})`,
      description: [
        `Trust: ${i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId}`,
        i.locationId ? `Location: ${i.locationName} (${i.locationId})` : null,
        i.service ? `Core service: ${i.service}` : null,
        i.rating ? `Rating: ${i.rating}` : null,
        `Due by: ${i.dueBy} (as of ${asOf}: ${i.stage}, ${i.daysRemaining} days)`,
        i.relationshipHolder ? `Relationship holder: ${i.relationshipHolder.name}` : 'No relationship holder',
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  return cal.toString();
}

// ---- the router --------------------------------------------------------------------------

type Route = (event: ApiEvent, params: Record<string, string>) => Promise<ApiResult>;

interface RouteTable {
  pattern: RegExp;
  methods: Partial<Record<string, Route>>;
}

export function makePlannerApi(deps: PlannerApiDeps) {
  const { store, policy } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => londonDateOf(now());
  const ttl = deps.dueMonthsTtlMs ?? 60_000;
  let cachedMonths: { at: number; months: Promise<MonthIndex> } | null = null;
  const dueMonths = (): Promise<MonthIndex> => {
    const at = Date.now();
    if (!cachedMonths || at - cachedMonths.at >= ttl) {
      const months = store.readDueMonthIndex().then((m) => m ?? { months: [], counts: {} });
      cachedMonths = { at, months };
      months.catch(() => (cachedMonths = null));
    }
    return cachedMonths.months;
  };

  const getDueWork: Route = async (event) => {
    const q = parseQuery(dueWorkQuery, event);
    const asOf = q.asOf ?? today();
    const format = wantedFormat(event, q.format);
    const fingerprint = queryFingerprint(q, asOf);
    const cursor = q.cursor ? decodeCursor(q.cursor, fingerprint) : null;
    const upTo = addDays(asOf, q.within);
    const stages = q.stage ? new Set<Stage>(q.stage) : null;

    const items: ApiItem[] = [];
    let last: Record<string, unknown> | null = null;
    let more = false;
    for await (const record of dueItems(
      store,
      dueMonths,
      upTo,
      cursor && { month: cursor.m, after: cursor.k },
      dueFilter(q),
      q.limit + 1,
    )) {
      const item = itemFromRecord(record, asOf, policy);
      if (stages && !stages.has(item.stage)) continue;
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
    const pageHeaders: Record<string, string> = nextCursor ? { 'x-next-cursor': nextCursor } : {};

    if (format === 'csv') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="due-work-${asOf}.csv"`,
          ...pageHeaders,
        },
        // Loaded only when CSV is asked for: most requests are JSON, and cold starts pay per module.
        body: (await import('../domain/format.ts')).itemsToCsv(items),
      };
    }
    if (format === 'ics') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `inline; filename="due-work.ics"`,
          ...pageHeaders,
        },
        body: await itemsToIcs(items, asOf),
      };
    }
    return json(200, { asOf, items, nextCursor });
  };

  const getTasks: Route = async (event) => {
    const q = parseQuery(tasksQuery, event);
    const tasks = (await store.listTasks(q.status)).filter((t) => !q.trustId || t.trustId === q.trustId);
    return json(200, {
      status: q.status,
      tasks: tasks.map(({ taskId, trustId, inspectionId, title, dueBy, status, raisedOn, closedOn }) => ({
        taskId,
        trustId,
        inspectionId,
        title,
        dueBy,
        status,
        raisedOn,
        closedOn,
      })),
    });
  };

  const getTrust: Route = async (event, params) => {
    const q = parseQuery(trustQuery, event);
    const trustId = params.trustId!;
    const asOf = q.asOf ?? today();
    const partition = await store.readTrust(trustId);
    const trust = trustOf(partition);
    if (!trust) throw new ApiError(404, 'not_found', `no trust with id "${trustId}"`, 'trustId');
    const { items, unrated } = evaluateTrust(trust, asOf, policy);
    const dueOf = new Map(
      items.filter((i) => i.kind === 'reinspection').map((i) => [`${i.locationId}#${i.service}`, i]),
    );
    const openTasks = [...partition.tasks.values()].filter((t) => t.status === 'open');
    return json(200, {
      asOf,
      trust: {
        trustId: trust.trustId,
        name: trust.name,
        sector: trust.sector,
        region: trust.region,
        relationshipHolder: trust.relationshipHolder,
      },
      coreServices: trust.coreServices
        .map((cs) => {
          const due = dueOf.get(`${cs.locationId}#${cs.service}`);
          return {
            ...cs,
            rating: cs.rating as RatingValue,
            dueBy: due?.dueBy ?? null,
            daysRemaining: due?.daysRemaining ?? null,
            stage: due?.stage ?? null,
          };
        })
        .sort((a, b) => a.locationId.localeCompare(b.locationId) || a.service.localeCompare(b.service)),
      wellLedInspections: trust.wellLedInspections,
      providerInformationRequests: trust.providerInformationRequests,
      dueItems: items
        .map((i) => ({ ...i, itemId: itemIdOf(i) }))
        .sort((a, b) => a.dueBy.localeCompare(b.dueBy)),
      unrated: unrated.length,
      openTasks: openTasks.map(({ taskId, inspectionId, title, dueBy, raisedOn }) => ({
        taskId,
        inspectionId,
        title,
        dueBy,
        raisedOn,
      })),
    });
  };

  const getForecast: Route = async (event) => {
    const q = parseQuery(forecastQuery, event);
    const asOf = q.asOf ?? today();
    // From as-of to the last day of the month `months - 1` after as-of's month.
    const firstOfMonth = `${asOf.slice(0, 7)}-01`;
    const to = fromDayNumber(toDayNumber(addMonths(firstOfMonth, q.months)) - 1);
    const withinDays = daysBetween(asOf, to);
    const periods = [
      'overdue',
      ...Array.from({ length: q.months }, (_, i) => addMonths(firstOfMonth, i).slice(0, 7)),
    ];
    const buckets = new Map(
      periods.map((p) => [p, { period: p, total: 0, groups: {} as Record<string, number> }]),
    );
    let total = 0;
    for await (const record of dueItems(store, dueMonths, to, null, undefined, 1000)) {
      const dueBy = String(record.dueBy);
      const period = dueBy < asOf ? 'overdue' : dueBy.slice(0, 7);
      const bucket = buckets.get(period);
      if (!bucket) continue;
      const holder = (record.relationshipHolder as { email?: string } | null)?.email ?? '(no holder)';
      const key =
        q.groupBy === 'kind'
          ? String(record.kind)
          : q.groupBy === 'region'
            ? String(record.region ?? '(no region)')
            : holder;
      bucket.total++;
      bucket.groups[key] = (bucket.groups[key] ?? 0) + 1;
      total++;
    }
    return json(200, {
      asOf,
      months: q.months,
      groupBy: q.groupBy,
      horizon: { from: asOf, to, withinDays },
      total,
      buckets: [...buckets.values()],
    });
  };

  const getLatestRun: Route = async (event) => {
    parseQuery(emptyQuery, event);
    const run = await store.latestRun();
    if (!run) throw new ApiError(404, 'not_found', 'no nightly run has been recorded yet', null);
    const { PK: _pk, SK: _sk, type: _type, expiresAt: _exp, ...record } = run;
    return json(200, record);
  };

  const getHealth: Route = async (event) => {
    parseQuery(emptyQuery, event);
    return json(200, { status: 'ok' });
  };

  const routes: RouteTable[] = [
    { pattern: /^\/due-work$/, methods: { GET: getDueWork } },
    { pattern: /^\/tasks$/, methods: { GET: getTasks } },
    { pattern: /^\/trusts\/(?<trustId>[^/]+)$/, methods: { GET: getTrust } },
    { pattern: /^\/forecast$/, methods: { GET: getForecast } },
    { pattern: /^\/runs\/latest$/, methods: { GET: getLatestRun } },
    { pattern: /^\/health$/, methods: { GET: getHealth } },
  ];

  /** The Lambda handler's core: route, run, and turn every failure into a JSON error. */
  return async function plannerApi(event: ApiEvent): Promise<ApiResult> {
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const path = (event.rawPath ?? '/').replace(/\/+$/, '') || '/';
    try {
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const handler = route.methods[method === 'HEAD' ? 'GET' : method];
        if (!handler) {
          const allow = Object.keys(route.methods).join(', ');
          throw new ApiError(
            405,
            'method_not_allowed',
            `${method} is not supported on ${path}; use ${allow}`,
            null,
            { allow },
          );
        }
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(match.groups ?? {})) {
          try {
            params[k] = decodeURIComponent(v);
          } catch {
            throw new ApiError(400, 'invalid_parameter', `${k}: not a valid path segment`, k);
          }
        }
        return await handler(event, params);
      }
      throw new ApiError(404, 'not_found', `no route ${path}; see the README for the routes`, null);
    } catch (err) {
      if (err instanceof ApiError) return errorResult(err);
      deps.logger.error('request failed', {
        path,
        method,
        error: redactEmails(String((err as Error)?.message ?? err)),
      });
      return errorResult(
        new ApiError(500, 'internal', 'the request could not be completed; it has been logged', null),
      );
    }
  };
}
