import { daysBetween, type IsoDate } from '../calendar.ts';
import type { ListedItem } from '../due-item.ts';
import { statusNow } from '../item-state.ts';
import { longDate } from '../item-words.ts';
import { KIND_LABELS } from '../labels.ts';
import type { DueKind } from '../policy.ts';
import type { PlanningSettings } from './settings.ts';
import { weekEnd, weekIndexOf } from './weeks.ts';

/**
 * The work a plan places: the open site-visit items of the trusts in scope, grouped into visits
 * (a location's core services due close together, a trust's well-led inspection, a trust's
 * inspections after a provider information request), with what people did with each item
 * counted: a booking fixes its item in its week, a deferral holds it back, a waiver leaves it out.
 */

export const SITE_VISIT_KINDS = ['reinspection', 'well-led', 'pir-inspections'] as const;
export type VisitKind = (typeof SITE_VISIT_KINDS)[number];
/** Whether an item of this kind is site work a plan places (undefined: no item, so no). */
export const isSiteVisit = (kind: DueKind | undefined): kind is VisitKind =>
  (SITE_VISIT_KINDS as readonly (DueKind | undefined)[]).includes(kind);

/** What a plan reads of an item of due work. */
export type PlanItem = Pick<
  ListedItem,
  | 'itemId'
  | 'kind'
  | 'trustId'
  | 'trustName'
  | 'region'
  | 'locationId'
  | 'locationName'
  | 'service'
  | 'reference'
  | 'dueBy'
  | 'status'
  | 'bookedFor'
  | 'deferredUntil'
  | 'waiverReason'
  | 'acknowledgedBy'
>;

export interface Visit {
  id: string;
  kind: VisitKind;
  trustId: string;
  trustName: string | null;
  locationId: string | null;
  locationName: string | null;
  /** Its items, earliest due first. */
  items: PlanItem[];
  days: number;
  /** The week it is booked in (a booking is never moved); null: the plan places it. */
  fixedWeek: number | null;
  /** The earliest week the plan may place it in (a deferral's end, the planning meeting). */
  earliest: number;
  /** Part n of a visit split over weeks because it takes more than any week's capacity. */
  part: { n: number; of: number } | null;
}

export interface NotPlanned {
  itemId: string;
  /** The item in words. */
  what: string;
  why: string;
}

/** An item in words: "Surgery at Royal Oldham Hospital", "Well-led inspection, Riverside NHS Trust". */
export function itemWords(i: PlanItem): string {
  if (i.kind === 'reinspection')
    return `${i.service ?? 'Core service'} at ${i.locationName ?? i.locationId ?? i.trustName ?? i.trustId}`;
  return `${KIND_LABELS[i.kind]}, ${i.trustName ?? i.trustId}`;
}

export interface Work {
  visits: Visit[];
  /** [later, earlier] visit indices: a well-led inspection after its trust's core services due before it. */
  after: [number, number][];
  notPlanned: NotPlanned[];
  /** Site-visit items due in the horizon or overdue, whatever the plan does with them (the shortfall's demand). */
  demand: { item: PlanItem; days: number }[];
}

const byDue = (a: PlanItem, b: PlanItem) =>
  a.dueBy < b.dueBy ? -1 : a.dueBy > b.dueBy ? 1 : a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0;

export function costOf(kind: VisitKind, settings: PlanningSettings): number {
  if (kind === 'reinspection') return settings.coreServiceDays;
  return kind === 'well-led' ? settings.wellLedDays : settings.pirInspectionDays;
}

/**
 * The visits to place, from the items as of `asOf`. `maxRoom` is the most any week of the plan
 * holds: a visit costing more is split over weeks (core services), or left out when it cannot be.
 */
export function workToPlan(
  items: readonly PlanItem[],
  asOf: IsoDate,
  firstWeek: IsoDate,
  settings: PlanningSettings,
  maxRoom: number,
): Work {
  const lastDay = weekEnd(firstWeek, settings.weeks - 1);
  const week = (date: IsoDate) => Math.max(0, weekIndexOf(date, firstWeek));
  const visits: Visit[] = [];
  const notPlanned: NotPlanned[] = [];
  const demand: Work['demand'] = [];
  const movable: (PlanItem & { kind: VisitKind; earliest: number })[] = [];
  const meetings = new Map(
    items.filter((i) => i.kind === 'planning-meeting').map((i) => [`${i.trustId}#${i.reference}`, i.dueBy]),
  );
  for (const item of [...items].sort(byDue)) {
    const now = statusNow(item, asOf);
    if (now === 'waived') continue;
    const kind = item.kind;
    const booked = now === 'booked' && item.bookedFor !== null;
    if (item.dueBy > lastDay && !(booked && item.bookedFor! <= lastDay)) continue;
    if (!isSiteVisit(kind)) {
      notPlanned.push({
        itemId: item.itemId,
        what: itemWords(item),
        why: `${KIND_LABELS[kind]} is not a site visit`,
      });
      continue;
    }
    const days = costOf(kind, settings);
    if (item.dueBy <= lastDay) demand.push({ item, days });
    if (booked) {
      if (item.bookedFor! > lastDay) {
        notPlanned.push({
          itemId: item.itemId,
          what: itemWords(item),
          why: `Booked for ${longDate(item.bookedFor!)}, after the plan's last week`,
        });
        continue;
      }
      const at = week(item.bookedFor!);
      visits.push({
        id: `booked/${item.itemId}`,
        kind,
        trustId: item.trustId,
        trustName: item.trustName,
        locationId: item.locationId,
        locationName: item.locationName,
        items: [item],
        days,
        fixedWeek: at,
        earliest: at,
        part: null,
      });
      continue;
    }
    let earliest = now === 'deferred' && item.deferredUntil ? week(item.deferredUntil) : 0;
    const meeting =
      kind === 'pir-inspections' ? meetings.get(`${item.trustId}#${item.reference}`) : undefined;
    if (meeting) earliest = Math.max(earliest, week(meeting));
    if (earliest >= settings.weeks) {
      const why =
        meeting && week(meeting) >= settings.weeks
          ? `Its planning meeting is due ${longDate(meeting)}, after the plan's last week`
          : `Deferred to ${longDate(item.deferredUntil!)}, after the plan's last week`;
      notPlanned.push({ itemId: item.itemId, what: itemWords(item), why });
      continue;
    }
    if (days > maxRoom) {
      notPlanned.push({
        itemId: item.itemId,
        what: itemWords(item),
        why: `It takes ${days} team-days, more than any week of the plan has (${maxRoom})`,
      });
      continue;
    }
    movable.push({ ...item, kind, earliest });
  }
  visits.push(...clusters(movable, settings, maxRoom));
  for (const i of movable) {
    if (i.kind === 'well-led') visits.push(single(i, 'well-led', `${i.trustId}/well-led`, settings));
    if (i.kind === 'pir-inspections')
      visits.push(single(i, 'pir-inspections', `${i.trustId}/pir-inspections/${i.reference}`, settings));
  }
  visits.sort((a, b) => byDue(a.items[0]!, b.items[0]!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { visits, after: wellLedAfterCoreServices(visits), notPlanned, demand };
}

function single(i: PlanItem & { earliest: number }, kind: VisitKind, id: string, s: PlanningSettings): Visit {
  return {
    id,
    kind,
    trustId: i.trustId,
    trustName: i.trustName,
    locationId: null,
    locationName: null,
    items: [i],
    days: costOf(kind, s),
    fixedWeek: null,
    earliest: i.earliest,
    part: null,
  };
}

/**
 * A location's open core services as visits: taken greedily from the earliest due, each visit
 * holds those due within `groupWeeks` weeks (inclusive) of its first; split in due order into
 * parts that fit a week when it takes more than any week holds.
 */
function clusters(
  movable: readonly (PlanItem & { earliest: number })[],
  s: PlanningSettings,
  maxRoom: number,
): Visit[] {
  const byLocation = new Map<string, (PlanItem & { earliest: number })[]>();
  for (const i of movable) {
    if (i.kind !== 'reinspection') continue;
    const key = `${i.trustId}/${i.locationId ?? '-'}`;
    byLocation.set(key, [...(byLocation.get(key) ?? []), i]);
  }
  const visits: Visit[] = [];
  const perPart = Math.floor(maxRoom / s.coreServiceDays);
  for (const [key, list] of byLocation) {
    let n = 0;
    for (let start = 0; start < list.length; ) {
      let end = start;
      while (end < list.length && daysBetween(list[start]!.dueBy, list[end]!.dueBy) <= 7 * s.groupWeeks)
        end++;
      const group = list.slice(start, end);
      n++;
      const parts = Math.ceil(group.length / perPart);
      for (let p = 0; p < parts; p++) {
        const members = group.slice(p * perPart, (p + 1) * perPart);
        visits.push({
          id: parts > 1 ? `${key}/${n}-part-${p + 1}` : `${key}/${n}`,
          kind: 'reinspection',
          trustId: members[0]!.trustId,
          trustName: members[0]!.trustName,
          locationId: members[0]!.locationId,
          locationName: members[0]!.locationName,
          items: members,
          days: members.length * s.coreServiceDays,
          fixedWeek: null,
          earliest: Math.max(...members.map((m) => m.earliest)),
          part: parts > 1 ? { n: p + 1, of: parts } : null,
        });
      }
      start = end;
    }
  }
  return visits;
}

/** A trust's well-led inspection (placed by the plan) no earlier than its core-service visits holding an item due before it. */
function wellLedAfterCoreServices(visits: Visit[]): [number, number][] {
  const after: [number, number][] = [];
  visits.forEach((l, li) => {
    if (l.kind !== 'well-led' || l.fixedWeek !== null) return;
    visits.forEach((c, ci) => {
      if (c.kind !== 'reinspection' || c.trustId !== l.trustId) return;
      if (!c.items.some((i) => i.dueBy < l.items[0]!.dueBy)) return;
      if (c.fixedWeek !== null) l.earliest = Math.max(l.earliest, c.fixedWeek);
      else after.push([li, ci]);
    });
  });
  return after;
}
