import { addMonthsToDayNumber, fromDayNumber, type IsoDate, toDayNumber } from './calendar.ts';
import { type DueItem, itemIdOf } from './due-item.ts';
import { ALERT_STAGES, type DueKind, type Policy, type Stage } from './policy.ts';
import type { Rating } from './ratings.ts';
import { type CoreService, isRatedValue, type RatingValue, type TrustRecord } from './records.ts';

/** A core service with no rating: no interval, never due, but counted so nothing is silently lost. */
export interface UnratedService {
  trustId: string;
  trustName: string | null;
  locationId: string;
  locationName: string;
  service: string | null;
  rating: RatingValue;
}

export interface Evaluation {
  items: DueItem[];
  unrated: UnratedService[];
}

export function stageFor(kind: DueKind, daysRemaining: number, policy: Policy): Stage {
  if (daysRemaining < 0) return 'overdue';
  const window = policy.windows[kind];
  if (daysRemaining <= window.urgentDays) return 'urgent';
  if (daysRemaining <= window.dueSoonDays) return 'due-soon';
  return 'scheduled';
}

/** The re-inspection due date of a rated core service, as a day number. */
export function reinspectionDueDay(rating: Rating, reportPublishedOn: IsoDate, policy: Policy): number {
  return addMonthsToDayNumber(toDayNumber(reportPublishedOn), policy.reinspectionMonths[rating]);
}

/**
 * Re-inspection due dates memoised per (rating, report date) for one evaluation: a national
 * data set has a few thousand distinct report dates across hundreds of thousands of services.
 */
class DueDates {
  private readonly byRating = new Map<Rating, Map<string, { day: number; iso: IsoDate }>>();
  constructor(private readonly policy: Policy) {}

  get(rating: Rating, reportPublishedOn: IsoDate): { day: number; iso: IsoDate } {
    let dates = this.byRating.get(rating);
    if (!dates) {
      dates = new Map();
      this.byRating.set(rating, dates);
    }
    let due = dates.get(reportPublishedOn);
    if (!due) {
      const day = reinspectionDueDay(rating, reportPublishedOn, this.policy);
      due = { day, iso: fromDayNumber(day) };
      dates.set(reportPublishedOn, due);
    }
    return due;
  }
}

/**
 * Evaluates trust records as of a date: every due item (all stages, `scheduled` included) and
 * every unrated core service. Pure: same records, date and policy give the same answer.
 */
export function evaluate(trusts: readonly TrustRecord[], asOf: IsoDate, policy: Policy): Evaluation {
  const out: Evaluation = { items: [], unrated: [] };
  const asOfDay = toDayNumber(asOf);
  const dueDates = new DueDates(policy);
  for (const trust of trusts) evaluateTrustInto(trust, asOfDay, policy, dueDates, out);
  return out;
}

/** The reference of a well-led item whose due date an admin set by hand (a trust to check). */
export const HAND_SET = 'set-by-hand';

export function evaluateTrust(trust: TrustRecord, asOf: IsoDate, policy: Policy): Evaluation {
  const out: Evaluation = { items: [], unrated: [] };
  evaluateTrustInto(trust, toDayNumber(asOf), policy, new DueDates(policy), out);
  return out;
}

/** The item of a trust that `itemId` names, as it stands on `asOf`; undefined when none is due. */
export function openItemOf(
  trust: TrustRecord,
  itemId: string,
  asOf: IsoDate,
  policy: Policy,
): (DueItem & { itemId: string }) | undefined {
  const item = evaluateTrust(trust, asOf, policy).items.find((i) => itemIdOf(i) === itemId);
  return item && { ...item, itemId };
}

function evaluateTrustInto(
  trust: TrustRecord,
  asOfDay: number,
  policy: Policy,
  dueDates: DueDates,
  out: Evaluation,
): void {
  for (const cs of trust.coreServices) {
    const item = evaluateCoreService(trust, cs, asOfDay, policy, dueDates);
    if (item) out.items.push(item);
    else
      out.unrated.push({
        trustId: trust.trustId,
        trustName: trust.name,
        locationId: cs.locationId,
        locationName: cs.locationName,
        service: cs.service,
        rating: cs.rating,
      });
  }

  const trustItem = (kind: DueKind, reference: string | null, basisDay: number, dueDay: number): DueItem => {
    const daysRemaining = dueDay - asOfDay;
    return {
      kind,
      trustId: trust.trustId,
      trustName: trust.name,
      region: trust.region,
      locationId: null,
      locationName: null,
      service: null,
      rating: null,
      reference,
      basisDate: fromDayNumber(basisDay),
      dueBy: fromDayNumber(dueDay),
      daysRemaining,
      stage: stageFor(kind, daysRemaining, policy),
      relationshipHolder: trust.relationshipHolder,
    };
  };

  let latestWellLed: { inspectionId: string; day: number } | null = null;
  for (const wl of trust.wellLedInspections) {
    const started = toDayNumber(wl.startedOn);
    if (!latestWellLed || started > latestWellLed.day)
      latestWellLed = { inspectionId: wl.inspectionId, day: started };
    // The report task closes when the report is published.
    if (wl.reportPublishedOn === null) {
      const due = addMonthsToDayNumber(started, policy.reportDeadlineMonths);
      out.items.push(trustItem('report', wl.inspectionId, started, due));
    }
  }
  if (latestWellLed) {
    const due = addMonthsToDayNumber(latestWellLed.day, policy.wellLedCadenceMonths);
    out.items.push(trustItem('well-led', latestWellLed.inspectionId, latestWellLed.day, due));
  } else if (trust.toCheck && trust.checked?.dueBy) {
    // A trust CQC's data gives no due date: the one an admin set by hand, until the data gives one.
    const set = trust.checked;
    out.items.push(trustItem('well-led', HAND_SET, toDayNumber(set.on), toDayNumber(set.dueBy!)));
  }

  // The next yearly Use of Resources assessment, from the last one's report.
  let latestUor: { assessmentId: string; day: number } | null = null;
  for (const uor of trust.useOfResources ?? []) {
    const reported = toDayNumber(uor.reportPublishedOn);
    if (!latestUor || reported > latestUor.day) latestUor = { assessmentId: uor.assessmentId, day: reported };
  }
  if (latestUor) {
    const due = addMonthsToDayNumber(latestUor.day, policy.useOfResourcesMonths);
    out.items.push(trustItem('use-of-resources', latestUor.assessmentId, latestUor.day, due));
  }

  // The next yearly PIR, from the last one issued.
  let latestPir: { requestId: string; day: number } | null = null;
  for (const pir of trust.providerInformationRequests) {
    const issued = toDayNumber(pir.issuedOn);
    if (!latestPir || issued > latestPir.day) latestPir = { requestId: pir.requestId, day: issued };
  }
  if (latestPir) {
    const due = addMonthsToDayNumber(latestPir.day, policy.annualPirMonths);
    out.items.push(trustItem('annual-pir', latestPir.requestId, latestPir.day, due));
  }

  for (const pir of trust.providerInformationRequests) {
    const issued = toDayNumber(pir.issuedOn);
    if (pir.planningMeetingOn === null) {
      const due = issued + policy.planningMeetingDays;
      out.items.push(trustItem('planning-meeting', pir.requestId, issued, due));
    }
    // Inspections after a PIR: satisfied by a well-led inspection started on or after it.
    const inspected = trust.wellLedInspections.some((wl) => toDayNumber(wl.startedOn) >= issued);
    if (!inspected) {
      const due = addMonthsToDayNumber(issued, policy.pirInspectionsMonths);
      out.items.push(trustItem('pir-inspections', pir.requestId, issued, due));
    }
  }
}

/** The re-inspection item of one core service, or null when it is unrated. The hot path. */
export function evaluateCoreService(
  trust: TrustRecord,
  cs: CoreService,
  asOfDay: number,
  policy: Policy,
  dueDates: DueDates = new DueDates(policy),
): DueItem | null {
  const rating = cs.rating;
  if (!isRatedValue(rating) || cs.reportPublishedOn === null) return null;
  const due = dueDates.get(rating, cs.reportPublishedOn);
  const daysRemaining = due.day - asOfDay;
  return {
    kind: 'reinspection',
    trustId: trust.trustId,
    trustName: trust.name,
    region: trust.region,
    locationId: cs.locationId,
    locationName: cs.locationName,
    service: cs.service,
    rating,
    reference: null,
    basisDate: cs.reportPublishedOn,
    dueBy: due.iso,
    daysRemaining,
    stage: stageFor('reinspection', daysRemaining, policy),
    relationshipHolder: trust.relationshipHolder,
  };
}

export type Selection = { mode: 'alerts' } | { mode: 'within'; days: number } | { mode: 'all' };

/**
 * Which items a planner asked for: `alerts` (due-soon, urgent, overdue), `within` N days of
 * as-of (overdue included), or `all`.
 */
export function selectItems(items: readonly DueItem[], selection: Selection): DueItem[] {
  switch (selection.mode) {
    case 'all':
      return [...items];
    case 'alerts':
      return items.filter((item) => ALERT_STAGES.includes(item.stage));
    case 'within':
      return items.filter((item) => item.daysRemaining <= selection.days);
  }
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Due date first, then trust, location, service, kind and reference: a total, stable order. */
export function compareItems(a: DueItem, b: DueItem): number {
  return (
    compareNullable(a.dueBy, b.dueBy) ||
    compareNullable(a.trustId, b.trustId) ||
    compareNullable(a.locationId, b.locationId) ||
    compareNullable(a.service, b.service) ||
    compareNullable(a.kind, b.kind) ||
    compareNullable(a.reference, b.reference)
  );
}

export function sortItems(items: DueItem[]): DueItem[] {
  return items.sort(compareItems);
}
