import { dueFilter } from '../adapters/dynamodb/item-row.ts';
import { addDays, addMonths, daysBetween, type IsoDate } from '../domain/calendar.ts';
import { closedText } from '../domain/closed-item.ts';
import { itemIdOf, type ListedItem } from '../domain/due-item.ts';
import { evaluateTrust, openItemOf } from '../domain/evaluate.ts';
import {
  buildForecast,
  type ForecastEntry,
  type ForecastGroup,
  forecastHorizon,
} from '../domain/forecast.ts';
import {
  currentState,
  type ItemState,
  type ItemStatus,
  itemStatusOf,
  needsAction,
  OPEN,
} from '../domain/item-state.ts';
import { whatIsDue } from '../domain/item-words.ts';
import type { StoredTrust } from '../domain/night-plan.ts';
import { ALERT_STAGES, type Policy, STAGES, type Stage } from '../domain/policy.ts';
import type { RatingValue } from '../domain/records.ts';
import type { SignedInUser } from '../domain/roles.ts';
import { assertMaySeeTrust, holderScope } from './auth.ts';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor.ts';
import { dueItems, itemFromRecord, parseItemRow, statusOf } from './due-index.ts';
import { ApiError } from './errors.ts';
import type { DueWorkQuery, View } from './queries.ts';
import type { RouteDeps } from './route.ts';
import type { SkippedRows } from './skipped-rows.ts';

/**
 * What the routes read, for JSON, CSV, iCalendar and the web pages alike, with the role rules
 * applied here once: a holder's reads are narrowed to their own trusts, whatever they ask.
 */

export interface DueWorkPage {
  asOf: IsoDate;
  items: ListedItem[];
  nextCursor: string | null;
}

/** One page of due work, in due-date order, from Queries on the due-date index. */
export async function readDueWork(
  deps: RouteDeps,
  user: SignedInUser,
  asked: DueWorkQuery,
  skipped: SkippedRows,
): Promise<DueWorkPage> {
  // A holder's own work only, whatever they ask for.
  const q = { ...asked, holder: holderScope(user, asked.holder) };
  const asOf = q.asOf ?? deps.today();
  const within = q.within ?? defaultWithin(q.view, deps.policy);
  const fingerprint = queryFingerprint(q, asOf);
  const cursor = q.cursor ? decodeCursor(q.cursor, fingerprint) : null;
  const queue = q.view === 'queue';
  const stages = new Set<Stage>(q.stage ?? STAGES);
  if (queue) for (const s of STAGES) if (!ALERT_STAGES.includes(s)) stages.delete(s);
  const statuses = q.status ? new Set<ItemStatus>(q.status) : null;
  const items: ListedItem[] = [];
  let last: Record<string, unknown> | null = null;
  let more = false;
  // One month's items (a forecast bar): that month's shard of the index, from its first day.
  const upTo = q.month ? lastDayOfMonth(q.month) : addDays(asOf, within);
  const from = cursor
    ? { month: cursor.m, after: cursor.k }
    : q.month
      ? { month: q.month, after: `${q.month}-00` }
      : null;
  for await (const record of dueItems(
    deps.repos.dueItems,
    deps.dueMonths,
    upTo,
    from,
    dueFilter(q),
    q.limit + 1,
  )) {
    const item = itemFromRecord(record, asOf, deps.policy, skipped.skip);
    if (
      !item ||
      !stages.has(item.stage) ||
      (statuses && !statuses.has(item.status)) ||
      (queue && !needsAction(item, asOf))
    )
      continue;
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
  return { asOf, items, nextCursor };
}

const lastDayOfMonth = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

/** The horizon when none is asked: 90 days for everything; for the queue, as far as any kind's alert window reaches. */
export function defaultWithin(view: View, policy: Policy): number {
  return view === 'queue' ? Math.max(...Object.values(policy.windows).map((w) => w.dueSoonDays)) : 90;
}

/** One trust as its page and `GET /trusts/{id}` show it; 404 if unknown, 403 if not the holder's. */
export async function readTrust(deps: RouteDeps, user: SignedInUser, trustId: string, asOf: IsoDate) {
  const stored = await deps.repos.trustRecords.read(trustId);
  const trust = stored.trust;
  if (!trust) throw new ApiError(404, 'not_found', `no trust with id "${trustId}"`, 'trustId');
  assertMaySeeTrust(user, trust.relationshipHolder?.email, trustId);
  const { items, unrated } = evaluateTrust(trust, asOf, deps.policy);
  const dueOf = new Map(
    items.filter((i) => i.kind === 'reinspection').map((i) => [`${i.locationId}#${i.service}`, i]),
  );
  return {
    asOf,
    trust: {
      trustId: trust.trustId,
      name: trust.name,
      sector: trust.sector,
      region: trust.region,
      relationshipHolder: trust.relationshipHolder,
      toCheck: trust.toCheck ?? null,
      checked: trust.checked ?? null,
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
      .map((i): ListedItem => {
        const itemId = itemIdOf(i);
        return { ...i, itemId, ...itemStatusOf(stored.items.get(itemId)?.itemState ?? OPEN, i.basisDate) };
      })
      .sort((a, b) => a.dueBy.localeCompare(b.dueBy)),
    unrated: unrated.length,
    openTasks: [...stored.tasks.values()]
      .filter((t) => t.status === 'open')
      .map(({ taskId, inspectionId, title, dueBy, raisedOn }) => ({
        taskId,
        inspectionId,
        title,
        dueBy,
        raisedOn,
      })),
    /**
     * Each item's stage changes as the nightly run recorded them, newest first, up to the page's
     * date (a night run ahead with --as-of writes entries a page of today must not show as past).
     */
    stageHistory: [...stored.items.values()]
      .flatMap((i) =>
        i.stageHistory
          .filter((h) => h.on <= asOf)
          .map((h) => ({ itemId: i.itemId, what: whatIsDue(i), ...h })),
      )
      .sort((a, b) => b.on.localeCompare(a.on) || a.itemId.localeCompare(b.itemId)),
    /** Stored rows that did not read (source records, damaged items): counted, never a 500. */
    skippedRows: (stored.unreadable?.length ?? 0) + (stored.damagedItems?.size ?? 0),
  };
}
export type TrustView = Awaited<ReturnType<typeof readTrust>>;

/**
 * Whose a trust is, for the holder rule: its profile's holder, or, for a trust whose records
 * were retired, the holder its closed items last had (null: planners only).
 */
function holderOf(stored: StoredTrust): string | null {
  if (stored.trust) return stored.trust.relationshipHolder?.email ?? null;
  const closed = [...(stored.closed?.values() ?? [])].sort((a, b) => b.closedOn.localeCompare(a.closedOn));
  return closed[0]?.item.relationshipHolder?.email ?? null;
}

/**
 * Every action on a trust's items, oldest first, open, closed and retired items alike (one
 * Query of the trust's action records), with any record that no longer reads named. The trust's
 * holder, or planners; 404 when the table knows nothing of the trust.
 */
export async function readTrustActions(deps: RouteDeps, user: SignedInUser, trustId: string) {
  const [stored, history, changed] = await Promise.all([
    deps.repos.trustRecords.read(trustId),
    deps.repos.actions.trustHistory(trustId),
    deps.repos.trustChanges.list(trustId),
  ]);
  const known =
    stored.trust || (stored.closed?.size ?? 0) > 0 || history.actions.length + history.unreadable.length > 0;
  if (!known) throw new ApiError(404, 'not_found', `no trust with id "${trustId}"`, 'trustId');
  assertMaySeeTrust(user, holderOf(stored), trustId);
  return {
    ...history,
    /** What admins changed of the trust itself (its holder, a check), oldest first. */
    trustChanges: changed.changes,
    unreadable: [
      ...history.unreadable,
      ...changed.unreadable.map((version) => ({
        itemId: trustId,
        version,
        reason: 'a change of the trust (its holder, or a check) could not be read',
      })),
    ],
  };
}

/** The trust an item id names: `kind#trustId#…`. */
function trustIdOfItem(itemId: string): string {
  const trustId = itemId.split('#')[1];
  if (!trustId) throw new ApiError(400, 'invalid_parameter', `"${itemId}" is not an item id`, 'itemId');
  return trustId;
}

/**
 * One item: what is due, by when, its status, its recorded stage history and every action on
 * it. An item that closed (no longer due, or its records retired) keeps its page: what it was,
 * when and why it closed, and its history, with status `closed`.
 */
export async function readItem(deps: RouteDeps, user: SignedInUser, itemId: string, asOf: IsoDate) {
  const trustId = trustIdOfItem(itemId);
  const [stored, { state: kept, history }] = await Promise.all([
    deps.repos.trustRecords.read(trustId),
    deps.repos.actions.view(trustId, itemId),
  ]);
  const closed = stored.closed?.get(itemId) ?? null;
  const open = stored.trust ? openItemOf(stored.trust, itemId, asOf, deps.policy) : undefined;
  if (!open && !closed) throw notFound(itemId);
  assertMaySeeTrust(user, holderOf(stored), trustId);
  const recorded = stored.items.get(itemId);
  // Up to the page's date: a night run ahead with --as-of writes entries that are not yet history.
  const stageHistory = (recorded?.stageHistory ?? closed?.stageHistory ?? [])
    .filter((h) => h.on <= asOf)
    .map(({ on, stage }) => ({ on, stage }));
  if (open) {
    const state = currentState(kept ?? OPEN, open.basisDate);
    return {
      asOf,
      item: open,
      status: state.status as ItemStatus | 'closed',
      /** When and why it closed: null while it is open. */
      closed: null as { on: IsoDate; why: string } | null,
      /** What people did with it, as it stands on its current basis (a new report reopens it). */
      state: state as ItemState | null,
      stageHistory,
      /** Every action on it, oldest first: who, when, what, why. */
      actions: history.actions,
      /** Records that no longer read, named (never hidden). */
      unreadable: history.unreadable,
    };
  }
  const c = closed!;
  return {
    asOf,
    item: { ...c.item, itemId, daysRemaining: daysBetween(asOf, c.item.dueBy) },
    status: 'closed' as ItemStatus | 'closed',
    closed: { on: c.closedOn, why: closedText(c) } as { on: IsoDate; why: string } | null,
    state: null as ItemState | null,
    stageHistory,
    actions: history.actions,
    unreadable: history.unreadable,
  };
}
export type ItemView = Awaited<ReturnType<typeof readItem>>;

const notFound = (itemId: string) =>
  new ApiError(404, 'not_found', `no item with id "${itemId}", open or closed`, 'itemId');

/** How much falls due per month ahead (a holder's own trusts only). */
export async function readForecast(
  deps: RouteDeps,
  user: SignedInUser,
  q: { asOf?: IsoDate; months: number; groupBy: ForecastGroup },
  skipped: SkippedRows,
) {
  const asOf = q.asOf ?? deps.today();
  const entries: ForecastEntry[] = [];
  for await (const record of dueItems(
    deps.repos.dueItems,
    deps.dueMonths,
    forecastHorizon(asOf, q.months).to,
    null,
    // A holder's forecast counts their own trusts' work only.
    dueFilter({ holder: holderScope(user, undefined) }),
    1000,
  )) {
    const r = parseItemRow(record, skipped.skip);
    if (r)
      entries.push({
        dueBy: r.dueBy,
        kind: r.kind,
        region: r.region,
        holderEmail: r.relationshipHolder?.email ?? null,
        status: statusOf(r).status,
      });
  }
  return buildForecast(entries, asOf, q.months, q.groupBy);
}
