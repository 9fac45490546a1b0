import type { ItemRecord, TaskRecord } from '../adapters/dynamodb/records.ts';
import type { TrustPartition } from '../adapters/dynamodb/store.ts';
import type { IsoDate } from './calendar.ts';
import { type DueItem, evaluateTrust, itemIdOf, type UnratedService } from './evaluate.ts';
import { ALERT_STAGES, type Policy } from './policy.ts';
import type { TrustRecord } from './records.ts';

/** What has to change in the table for one trust to match its evaluation on a date. */
export interface TrustSyncPlan {
  trust: TrustRecord;
  items: DueItem[];
  unrated: UnratedService[];
  /** Items new or changed since they were last recorded. */
  saves: { itemId: string; item: DueItem; stageChanged: boolean }[];
  /** Recorded items that no longer apply. */
  deletes: string[];
  raiseTasks: Omit<TaskRecord, 'PK' | 'SK' | 'type'>[];
  closeTasks: { task: TaskRecord; closedOn: IsoDate }[];
  /** Items in an alert stage their recipient has not been told about yet. */
  toNotify: { itemId: string; item: DueItem }[];
}

function sameHolder(a: DueItem['relationshipHolder'], b: ItemRecord['relationshipHolder']): boolean {
  return (a?.name ?? null) === (b?.name ?? null) && (a?.email ?? null) === (b?.email ?? null);
}

function unchanged(item: DueItem, rec: ItemRecord): boolean {
  return (
    rec.dueBy === item.dueBy &&
    rec.stage === item.stage &&
    rec.basisDate === item.basisDate &&
    rec.rating === item.rating &&
    rec.trustName === item.trustName &&
    rec.region === item.region &&
    rec.locationName === item.locationName &&
    rec.reference === item.reference &&
    sameHolder(item.relationshipHolder, rec.relationshipHolder)
  );
}

export function reportTaskTitle(trust: TrustRecord, inspectionId: string): string {
  return `Publish the well-led report for ${trust.name ?? trust.trustId} (inspection ${inspectionId})`;
}

/**
 * Compares a trust's evaluation as of `asOf` with what the table recorded last time. Pure: the
 * caller applies the plan, so the same plan can be applied twice (a retried run) harmlessly.
 */
export function planTrustSync(
  partition: TrustPartition,
  trust: TrustRecord,
  asOf: IsoDate,
  policy: Policy,
  runId: string,
): TrustSyncPlan {
  const { items, unrated } = evaluateTrust(trust, asOf, policy);
  const plan: TrustSyncPlan = {
    trust,
    items,
    unrated,
    saves: [],
    deletes: [],
    raiseTasks: [],
    closeTasks: [],
    toNotify: [],
  };
  const current = new Set<string>();

  for (const item of items) {
    const itemId = itemIdOf(item);
    current.add(itemId);
    const recorded = partition.items.get(itemId);
    if (!recorded || !unchanged(item, recorded)) {
      plan.saves.push({ itemId, item, stageChanged: recorded?.stage !== item.stage });
    }
    if (ALERT_STAGES.includes(item.stage) && recorded?.notifiedStage !== item.stage) {
      plan.toNotify.push({ itemId, item });
    }
    // A report approaching its deadline (in an alert stage) raises a task, once.
    if (
      item.kind === 'report' &&
      item.reference &&
      ALERT_STAGES.includes(item.stage) &&
      !partition.tasks.has(item.reference)
    ) {
      plan.raiseTasks.push({
        taskId: `report#${trust.trustId}#${item.reference}`,
        trustId: trust.trustId,
        inspectionId: item.reference,
        title: reportTaskTitle(trust, item.reference),
        dueBy: item.dueBy,
        status: 'open',
        raisedOn: asOf,
        raisedBy: runId,
        closedOn: null,
      });
    }
  }
  for (const itemId of partition.items.keys()) if (!current.has(itemId)) plan.deletes.push(itemId);

  // A report task closes itself once the report is published.
  const publishedOn = new Map(trust.wellLedInspections.map((wl) => [wl.inspectionId, wl.reportPublishedOn]));
  for (const task of partition.tasks.values()) {
    const closedOn = publishedOn.get(task.inspectionId);
    if (task.status === 'open' && closedOn) plan.closeTasks.push({ task, closedOn });
  }
  return plan;
}
