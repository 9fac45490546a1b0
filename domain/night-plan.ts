import type { IsoDate } from './calendar.ts';
import type { ClosedItem } from './closed-item.ts';
import { hasBeenTold, isHandedOver, recipientOf, type Told, toldOf } from './delivery.ts';
import { type DigestDetail, type ItemNews, planDigests } from './digest.ts';
import { type DueItem, itemIdOf, type StoredItem } from './due-item.ts';
import { evaluateTrust, type UnratedService } from './evaluate.ts';
import { bookingToTell, OPEN, tellingOf } from './item-state.ts';
import { ALERT_STAGES, DUE_KINDS, type DueKind, type Policy, STAGES, type Stage } from './policy.ts';
import type { TrustRecord } from './records.ts';
import { type ReportTask, tasksToClose, taskToRaise } from './report-tasks.ts';
import { planToCheck, type StoredToCheck, type ToCheck } from './to-check.ts';

/** What the table holds for one trust: its record (null if unreadable), its items and tasks. */
export interface StoredTrust {
  trustId: string;
  trust: TrustRecord | null;
  items: ReadonlyMap<string, StoredItem>;
  tasks: ReadonlyMap<string, ReportTask>;
  /** The trust to check recorded last time, with who was told (absent: none). */
  toCheck?: StoredToCheck | null;
  /** Keys of the trust's source records (core services, inspections, PIRs) that no longer parse. */
  unreadable?: readonly string[];
  /** Nothing is left but the history of what was retired: nothing to plan, nothing wrong. */
  retired?: boolean;
  /** Items that closed: what each was, when and why. */
  closed?: ReadonlyMap<string, ClosedItem>;
  /** Due items whose stored form is damaged: each is rewritten whole from the trust's records. */
  damagedItems?: ReadonlySet<string>;
}

/**
 * Something that kept part of the work from being done, named by trust, record and reason
 * (never by a record's content): one bad record never stops the others.
 */
export interface RecordProblem {
  trustId: string | null;
  /** The record's key ("TRUST#RM3 CS#RM317#Surgery"), or what could not be done. */
  record: string;
  reason: string;
}

/**
 * One item to write: new, changed, over a new basis (CQC's data gave it a new report or rating:
 * its delivery state starts afresh), or `repair` (its stored form is damaged: written whole,
 * keeping what of it still reads).
 */
export interface ItemSave {
  itemId: string;
  item: DueItem;
  stageChanged: boolean;
  told: Told;
  isNew: boolean;
  newBasis?: boolean;
  repair?: { stageHistory: StoredItem['stageHistory']; itemState: StoredItem['itemState'] } | undefined;
}

/** What has to change in the table for one trust to match its evaluation on a date. */
export interface TrustPlan {
  trust: TrustRecord;
  items: DueItem[];
  unrated: UnratedService[];
  /** Items new or changed since they were last recorded, with the delivery state they start from. */
  saves: ItemSave[];
  /** Recorded items that no longer apply: they close (what each was is kept). */
  closes: StoredItem[];
  raiseTasks: ReportTask[];
  closeTasks: { task: ReportTask; closedOn: IsoDate }[];
  /**
   * Items that would close but are kept, because a record of the trust cannot be read: an item
   * whose source record broke stays as it was (flagged) rather than silently disappearing.
   */
  kept: string[];
  /**
   * Items in an alert stage their recipient has not been told of at that stage (or of its
   * booking passing, its deferral ending), and bookings by someone else not yet told of.
   */
  news: ItemNews[];
  /** The trust to check, to record (new or changed); null when the record is current. */
  saveToCheck: ToCheck | null;
  /** The trust's ratings give due dates again: the recorded trust to check goes. */
  closeToCheck: boolean;
  /** The trust to check, when the fallback recipient has not been told of its assessment. */
  toCheckNews: ToCheck | null;
}

function sameHolder(a: DueItem['relationshipHolder'], b: StoredItem['relationshipHolder']): boolean {
  return (a?.name ?? null) === (b?.name ?? null) && (a?.email ?? null) === (b?.email ?? null);
}

function unchanged(item: DueItem, rec: StoredItem): boolean {
  return (
    rec.dueBy === item.dueBy &&
    rec.stage === item.stage &&
    rec.basisDate === item.basisDate &&
    rec.rating === item.rating &&
    rec.trustName === item.trustName &&
    rec.region === item.region &&
    rec.locationName === item.locationName &&
    rec.reference === item.reference &&
    sameHolder(item.relationshipHolder, rec.relationshipHolder) &&
    // Recorded before delivery state was kept per recipient: rewritten once, with it.
    rec.told !== undefined &&
    rec.sourceProblem === undefined
  );
}

/**
 * Compares a trust's evaluation as of `asOf` with what the table recorded last time. Pure: the
 * caller applies the plan, so the same plan can be applied twice (a retried run) harmlessly.
 */
export function planTrust(
  stored: Pick<StoredTrust, 'items' | 'tasks' | 'unreadable' | 'toCheck' | 'damagedItems'>,
  trust: TrustRecord,
  context: NightContext,
): TrustPlan {
  const { asOf, policy, runId, fallbackRecipient } = context;
  const { items, unrated } = evaluateTrust(trust, asOf, policy);
  const plan: TrustPlan = {
    trust,
    items,
    unrated,
    saves: [],
    closes: [],
    raiseTasks: [],
    closeTasks: tasksToClose(trust, stored.tasks.values()),
    news: [],
    kept: [],
    ...planToCheck(trust, stored.toCheck ?? null, fallbackRecipient),
  };
  const current = new Set<string>();
  for (const item of items) {
    const itemId = itemIdOf(item);
    current.add(itemId);
    const recorded = stored.items.get(itemId);
    // A new basis (a new report, a new rating) makes a new item: what was told of the old one
    // does not count, so its recipient is told of it at its stage.
    const sameBasis = recorded?.basisDate === item.basisDate;
    const told = sameBasis ? toldOf(recorded, fallbackRecipient, asOf) : {};
    const damaged = stored.damagedItems?.has(itemId) ?? false;
    if (!recorded || damaged || !sameBasis || !unchanged(item, recorded)) {
      const [stageChanged, isNew, newBasis] = [
        recorded?.stage !== item.stage,
        !recorded && !damaged,
        !!recorded && !sameBasis,
      ];
      const repair = damaged
        ? { stageHistory: recorded?.stageHistory ?? [], itemState: recorded?.itemState }
        : undefined;
      plan.saves.push({ itemId, item, stageChanged, told, isNew, newBasis, repair });
    }
    const { email } = recipientOf(item, fallbackRecipient);
    // What people did with it: booked or deferred keeps it quiet for a while, waived for good.
    const state = recorded?.itemState ?? OPEN;
    if (ALERT_STAGES.includes(item.stage)) {
      const telling = tellingOf(state, item, asOf);
      const again = telling.note
        ? { toldAgain: telling.note, episode: `${telling.note}:${state.bookedFor ?? state.deferredUntil}` }
        : null;
      if (telling.tell && !hasBeenTold(told, email, item.stage, again?.episode ?? null))
        plan.news.push({ itemId, item, handedOver: isHandedOver(told, email), again });
    }
    // Booked by someone else, at whatever stage: the recipient hears of it once, under "Booked".
    const booking = bookingToTell(state, item, asOf, email);
    if (booking && !hasBeenTold(told, email, null, booking.episode))
      plan.news.push({ itemId, item, handedOver: false, booking });
    const task = taskToRaise(item, trust, stored.tasks, asOf, runId);
    if (task) plan.raiseTasks.push(task);
  }
  const keep = (stored.unreadable?.length ?? 0) > 0;
  for (const [itemId, recorded] of stored.items)
    if (!current.has(itemId)) keep ? plan.kept.push(itemId) : plan.closes.push(recorded);
  return plan;
}

export interface NightContext {
  runId: string;
  asOf: IsoDate;
  policy: Policy;
  fallbackRecipient: string;
}

/** The whole night, decided before anything is written: the nightly function only executes it. */
export interface NightPlan {
  trusts: TrustPlan[];
  /** Trusts with records but no readable profile: skipped and named. */
  problems: RecordProblem[];
  /** One DueWorkDigest per recipient (or part of one). */
  digests: DigestDetail[];
  /** The months that hold due items, and how many each holds: the API plans its Queries by them. */
  dueMonths: { months: string[]; counts: Record<string, number> };
  items: number;
  unrated: number;
  itemsByKindAndStage: Record<DueKind, Record<Stage, number>>;
}

export function emptyKindStageMatrix(): Record<DueKind, Record<Stage, number>> {
  return Object.fromEntries(
    DUE_KINDS.map((k) => [k, Object.fromEntries(STAGES.map((s) => [s, 0]))]),
  ) as Record<DueKind, Record<Stage, number>>;
}

/**
 * The night, trust by trust: each trust is planned as it is read and can be forgotten once its
 * plan is applied, so the nightly job never holds the whole table. What spans trusts (who is
 * told what, the months that hold items, the counts) accumulates here. Pure, like planTrust.
 */
export class NightPlanner {
  readonly problems: RecordProblem[] = [];
  items = 0;
  unrated = 0;
  trusts = 0;
  readonly itemsByKindAndStage = emptyKindStageMatrix();
  private readonly monthCounts = new Map<string, number>();
  private readonly news: ItemNews[] = [];
  private readonly toCheck: ToCheck[] = [];

  constructor(private readonly context: NightContext) {}

  /** Plans one trust; null, with the problem named, when it cannot be planned. */
  add(s: StoredTrust): TrustPlan | null {
    if (s.retired) return null;
    if (!s.trust) {
      this.problems.push({
        trustId: s.trustId,
        record: `TRUST#${s.trustId} PROFILE`,
        reason: 'the trust has records but no readable profile',
      });
      return null;
    }
    let trustPlan: TrustPlan;
    try {
      trustPlan = planTrust(s, s.trust, this.context);
    } catch (err) {
      this.problems.push({
        trustId: s.trustId,
        record: `TRUST#${s.trustId}`,
        reason: `could not be evaluated: ${(err as Error).message}`,
      });
      return null;
    }
    if (trustPlan.kept.length > 0)
      this.problems.push({
        trustId: s.trustId,
        record: `TRUST#${s.trustId}`,
        reason: `${trustPlan.kept.length} item(s) kept as they were, flagged, while a record of the trust cannot be read`,
      });
    this.trusts++;
    this.items += trustPlan.items.length;
    this.unrated += trustPlan.unrated.length;
    for (const item of trustPlan.items) {
      this.itemsByKindAndStage[item.kind][item.stage]++;
      const month = item.dueBy.slice(0, 7);
      this.monthCounts.set(month, (this.monthCounts.get(month) ?? 0) + 1);
    }
    for (const n of trustPlan.news) this.news.push(n);
    if (trustPlan.toCheckNews) this.toCheck.push(trustPlan.toCheckNews);
    return trustPlan;
  }

  /** An item whose write was lost to a retirement made meanwhile: nobody is told of it. */
  forget(trustId: string, itemId: string): void {
    const at = this.news.findIndex((n) => n.itemId === itemId && n.item.trustId === trustId);
    if (at >= 0) this.news.splice(at, 1);
  }

  /** What follows from every trust: one digest per recipient, and the months that hold items. */
  finish(): Pick<NightPlan, 'digests' | 'dueMonths'> {
    // In trust and item order, whatever order the trusts were read in: the same night, the same digests.
    const news = [...this.news].sort((a, b) =>
      a.item.trustId === b.item.trustId
        ? a.itemId.localeCompare(b.itemId)
        : a.item.trustId.localeCompare(b.item.trustId),
    );
    const months = [...this.monthCounts.keys()].sort();
    const toCheck = [...this.toCheck].sort((a, b) => a.trustId.localeCompare(b.trustId));
    return {
      digests: planDigests(news, this.context, toCheck),
      dueMonths: { months, counts: Object.fromEntries(months.map((m) => [m, this.monthCounts.get(m)!])) },
    };
  }
}

/**
 * The nightly plan: given every stored trust (records, items, tasks) decide what to save, close,
 * raise and tell whom. Pure; trusts in id order, so the same input gives the same plan.
 */
export function planNight(stored: Iterable<StoredTrust>, context: NightContext): NightPlan {
  const planner = new NightPlanner(context);
  const trusts: TrustPlan[] = [];
  for (const s of [...stored].sort((a, b) => a.trustId.localeCompare(b.trustId))) {
    const trustPlan = planner.add(s);
    if (trustPlan) trusts.push(trustPlan);
  }
  return {
    trusts,
    problems: planner.problems,
    ...planner.finish(),
    items: planner.items,
    unrated: planner.unrated,
    itemsByKindAndStage: planner.itemsByKindAndStage,
  };
}
