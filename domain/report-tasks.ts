import type { IsoDate } from './calendar.ts';
import type { DueItem } from './due-item.ts';
import { ALERT_STAGES } from './policy.ts';
import { isoDate, type TrustRecord } from './records.ts';
import * as z from './zod.ts';

/**
 * Report tasks: a well-led report approaching its publication deadline becomes a task for the
 * team, raised once when the report item enters an alert stage and closed when the report is
 * published.
 */
export const reportTaskSchema = z.object({
  taskId: z.string(),
  trustId: z.string(),
  inspectionId: z.string(),
  title: z.string(),
  dueBy: isoDate,
  status: z.enum(['open', 'closed']),
  raisedOn: isoDate,
  raisedBy: z.string(),
  closedOn: z._default(z.nullable(isoDate), null),
});
export type ReportTask = z.infer<typeof reportTaskSchema>;

export function reportTaskTitle(trust: TrustRecord, inspectionId: string): string {
  return `Publish the well-led report for ${trust.name ?? trust.trustId} (inspection ${inspectionId})`;
}

/** The task a report item raises tonight, or null (not a report, not yet pressing, or raised already). */
export function taskToRaise(
  item: DueItem,
  trust: TrustRecord,
  existing: ReadonlyMap<string, ReportTask>,
  asOf: IsoDate,
  runId: string,
): ReportTask | null {
  if (item.kind !== 'report' || !item.reference || !ALERT_STAGES.includes(item.stage)) return null;
  if (existing.has(item.reference)) return null;
  return {
    taskId: `report#${trust.trustId}#${item.reference}`,
    trustId: trust.trustId,
    inspectionId: item.reference,
    title: reportTaskTitle(trust, item.reference),
    dueBy: item.dueBy,
    status: 'open',
    raisedOn: asOf,
    raisedBy: runId,
    closedOn: null,
  };
}

/** Open tasks whose report has been published: each closes on its publication date. */
export function tasksToClose(
  trust: TrustRecord,
  tasks: Iterable<ReportTask>,
): { task: ReportTask; closedOn: IsoDate }[] {
  const publishedOn = new Map(trust.wellLedInspections.map((wl) => [wl.inspectionId, wl.reportPublishedOn]));
  const out: { task: ReportTask; closedOn: IsoDate }[] = [];
  for (const task of tasks) {
    const closedOn = publishedOn.get(task.inspectionId);
    if (task.status === 'open' && closedOn) out.push({ task, closedOn });
  }
  return out;
}
