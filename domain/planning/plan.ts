import { daysBetween, type IsoDate } from '../calendar.ts';
import type { ModelVisit, PlanModel, PlanSolver } from './model.ts';
import { capacityFor, knownRegions, type PlanningSettings } from './settings.ts';
import { mondayOf, weekCapacities, weekIndexOf, weekStart } from './weeks.ts';
import {
  isSiteVisit,
  itemWords,
  type NotPlanned,
  type PlanItem,
  type Visit,
  type VisitKind,
  type Work,
  workToPlan,
} from './work.ts';

/**
 * A proposed plan of site visits: which week each visit takes within the teams' capacity, what
 * is late and by how much, what is left out and why, and how short the teams are. The same
 * input gives the same plan: visits, ids and weeks.
 */
export interface Plan {
  asOf: IsoDate;
  firstWeek: IsoDate;
  /** The region planned (its trusts, its teams' capacity), or null for every region. */
  region: string | null;
  /** Every region the work to plan names (whichever was planned): what a plan may ask for. */
  regions: string[];
  /** The figures the plan used. */
  settings: Pick<
    PlanningSettings,
    'coreServiceDays' | 'wellLedDays' | 'pirInspectionDays' | 'groupWeeks' | 'weeks'
  > & { capacity: number };
  weeks: { week: IsoDate; capacity: number; planned: number; bankHolidays: IsoDate[] }[];
  visits: PlannedVisit[];
  /** `what`: the item in words ("Surgery at Royal Oldham Hospital"). */
  late: { itemId: string; what: string; dueBy: IsoDate; week: IsoDate; daysLate: number }[];
  notPlanned: NotPlanned[];
  /** Site-visit items not visited by their due date: the late ones and those left out. */
  lateItems: number;
  shortfall: { teamDays: number; byWeek: IsoDate | null };
  solver: { name: string; optimal: boolean; lateBound: number; daysLateGap: number | null; seconds: number };
}

export interface PlannedVisit {
  id: string;
  week: IsoDate;
  trustId: string;
  trustName: string | null;
  locationId: string | null;
  locationName: string | null;
  kind: VisitKind;
  days: number;
  itemIds: string[];
  /** Its items in words, with their due dates, earliest due first. */
  items: { itemId: string; what: string; dueBy: IsoDate }[];
  /** Booked: never moved by a plan. */
  fixed: boolean;
  late: boolean;
  /** Part n of `of`: a visit split over weeks, as it takes more than any week's capacity. */
  part: { n: number; of: number } | null;
}

export interface PlanRequest {
  asOf: IsoDate;
  /** The settings with this plan's overrides (weeks, capacity) applied. */
  settings: PlanningSettings;
  /** Plan one region's trusts with its capacity; null: every trust, the country's capacity. */
  region: string | null;
  /** England's bank holidays over the plan's weeks at least. */
  bankHolidays: ReadonlySet<IsoDate>;
}

export const NO_ROOM = 'No week of the plan has room for it';

export async function makePlan(
  items: readonly PlanItem[],
  request: PlanRequest,
  solver: PlanSolver,
): Promise<Plan> {
  const { asOf, settings, region } = request;
  const firstWeek = mondayOf(asOf);
  const capacity = capacityFor(settings, region);
  const weeks = weekCapacities(firstWeek, settings.weeks, capacity, request.bankHolidays);
  const inScope = region === null ? items : items.filter((i) => i.region === region);
  const work = workToPlan(inScope, asOf, firstWeek, settings, Math.max(...weeks.map((w) => w.capacity)));
  const { model, movable } = modelOf(
    work,
    weeks.map((w) => w.capacity),
    asOf,
    firstWeek,
  );
  const solution = await solver.solve(model, { seconds: settings.timeLimitSeconds });

  const weekOf = new Map<Visit, number>();
  for (const v of work.visits) if (v.fixedWeek !== null) weekOf.set(v, v.fixedWeek);
  movable.forEach((v, i) => {
    const w = solution.weeks[i];
    if (w !== null && w !== undefined) weekOf.set(v, w);
  });
  const notPlanned = [...work.notPlanned];
  const visits: PlannedVisit[] = [];
  const late: Plan['late'] = [];
  // What no plan can help, for the bound on late items: site visits left out by rule, booked ones late.
  const kindOf = new Map(inScope.map((i) => [i.itemId, i.kind]));
  const ruledOut = work.notPlanned.filter((n) => isSiteVisit(kindOf.get(n.itemId))).length;
  let fixedLate = 0;
  let leftOut = 0;
  for (const v of work.visits) {
    const w = weekOf.get(v);
    if (w === undefined) {
      for (const i of v.items) notPlanned.push({ itemId: i.itemId, what: itemWords(i), why: NO_ROOM });
      leftOut += v.items.length;
      continue;
    }
    const monday = weekStart(firstWeek, w);
    const lateItems = v.items.filter((i) => monday > i.dueBy);
    if (v.fixedWeek !== null) fixedLate += lateItems.length;
    for (const i of lateItems)
      late.push({
        itemId: i.itemId,
        what: itemWords(i),
        dueBy: i.dueBy,
        week: monday,
        daysLate: daysBetween(i.dueBy, monday),
      });
    visits.push({
      id: v.id,
      week: monday,
      trustId: v.trustId,
      trustName: v.trustName,
      locationId: v.locationId,
      locationName: v.locationName,
      kind: v.kind,
      days: v.days,
      itemIds: v.items.map((i) => i.itemId),
      items: v.items.map((i) => ({ itemId: i.itemId, what: itemWords(i), dueBy: i.dueBy })),
      fixed: v.fixedWeek !== null,
      late: lateItems.length > 0,
      part: v.part,
    });
  }
  visits.sort((a, b) =>
    a.week < b.week ? -1 : a.week > b.week ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  late.sort((a, b) => (a.dueBy < b.dueBy ? -1 : a.dueBy > b.dueBy ? 1 : a.itemId < b.itemId ? -1 : 1));
  const planned = weeks.map(() => 0);
  for (const [v, w] of weekOf) planned[w]! += v.days;
  return {
    asOf,
    firstWeek,
    region,
    regions: knownRegions(items.map((i) => i.region)),
    settings: {
      capacity,
      coreServiceDays: settings.coreServiceDays,
      wellLedDays: settings.wellLedDays,
      pirInspectionDays: settings.pirInspectionDays,
      groupWeeks: settings.groupWeeks,
      weeks: settings.weeks,
    },
    weeks: weeks.map((w, i) => ({ ...w, planned: planned[i]! })),
    visits,
    late,
    notPlanned,
    lateItems: late.length + ruledOut + leftOut,
    shortfall: shortfallOf(work, weeks, firstWeek),
    solver: {
      name: solver.name,
      optimal: solution.optimal,
      lateBound: solution.lateBound + fixedLate + ruledOut,
      daysLateGap: solution.daysLateGap,
      seconds: solution.seconds,
    },
  };
}

/** The model of the movable visits: each week's room after bookings, each visit's cost of each week. */
export function modelOf(work: Work, capacity: readonly number[], asOf: IsoDate, firstWeek: IsoDate) {
  const room = [...capacity];
  for (const v of work.visits) if (v.fixedWeek !== null) room[v.fixedWeek]! -= v.days;
  const movable = work.visits.filter((v) => v.fixedWeek === null);
  const index = new Map(movable.map((v, i) => [v, i]));
  const after: [number, number][] = work.after.map(([l, c]) => [
    index.get(work.visits[l]!)!,
    index.get(work.visits[c]!)!,
  ]);
  const visits: ModelVisit[] = movable.map((v) => {
    const lateIn = (w: number) => {
      const monday = weekStart(firstWeek, w);
      let late = 0;
      let lateness = 0;
      for (const i of v.items) {
        const by = daysBetween(i.dueBy, monday);
        if (by > 0) {
          late++;
          lateness += by;
        }
      }
      return { late, lateness };
    };
    const weeks = Array.from({ length: capacity.length - v.earliest }, (_, k) => lateIn(v.earliest + k));
    const out = lateIn(capacity.length);
    return {
      cost: v.days,
      from: v.earliest,
      late: weeks.map((w) => w.late),
      lateness: weeks.map((w) => w.lateness),
      outLate: v.items.length,
      outLateness: out.lateness,
      overdueDays: Math.max(0, daysBetween(v.items[0]!.dueBy, asOf)),
    };
  });
  const model: PlanModel = { room: room.map((r) => Math.max(0, r)), visits, after };
  return { model, movable };
}

/**
 * How short the teams are: for each week W, the team-days of site-visit work due by the end of W
 * (each item at its own cost; overdue and booked work included) minus the capacity of the weeks
 * up to W. The largest figure and the first week reaching it; 0 and null when no week is short.
 */
export function shortfallOf(
  work: Work,
  weeks: readonly { capacity: number }[],
  firstWeek: IsoDate,
): Plan['shortfall'] {
  const due = weeks.map(() => 0);
  for (const { item, days } of work.demand) due[Math.max(0, weekIndexOf(item.dueBy, firstWeek))]! += days;
  let demand = 0;
  let supply = 0;
  let worst = { teamDays: 0, byWeek: null as IsoDate | null };
  weeks.forEach((w, i) => {
    demand += due[i]!;
    supply += w.capacity;
    if (demand - supply > worst.teamDays)
      worst = { teamDays: demand - supply, byWeek: weekStart(firstWeek, i) };
  });
  return worst;
}
