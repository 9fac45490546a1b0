import type { Logger } from '@aws-lambda-powertools/logger';
import pMap from 'p-map';
import type { RecordProblem, TrustStore } from '../adapters/dynamodb/store.ts';
import { trustOf } from '../adapters/dynamodb/store.ts';
import type { BusEvent, EventBus } from '../adapters/eventbridge/bus.ts';
import { type IsoDate, isIsoDate, londonDateOf } from '../domain/calendar.ts';
import {
  DIGEST_DETAIL_TYPE,
  DIGEST_SOURCE,
  type DigestDetail,
  type DigestItem,
  MAX_ITEMS_PER_DIGEST_EVENT,
} from '../domain/digest.ts';
import type { DueItem } from '../domain/evaluate.ts';
import { DUE_KINDS, type DueKind, type Policy, STAGES, type Stage } from '../domain/policy.ts';
import { planTrustSync } from '../domain/trust-plan.ts';

/** What the schedule passes in: its scheduled time. A manual run may give a date instead. */
export interface NightlyScanInput {
  /** ISO instant of the scheduled invocation: the run key, and its London date is as-of. */
  scheduledTime?: string;
  /** For manual runs: the date to evaluate on (the run key is then `manual:<date>`). */
  asOf?: string;
}

export interface RunRecord {
  runId: string;
  asOf: IsoDate;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  trusts: number;
  recordsRead: number;
  items: number;
  itemsByKindAndStage: Record<DueKind, Record<Stage, number>>;
  unrated: number;
  stageChanges: number;
  itemsSaved: number;
  itemsClosed: number;
  tasksRaised: number;
  tasksClosed: number;
  digestsPublished: number;
  digestItems: number;
  skippedRecords: number;
  errors: RecordProblem[];
  failure: string | null;
  capacity: { read: number; write: number };
  dataWrites: number;
}

export interface NightlyScanDeps {
  store: TrustStore;
  bus: EventBus;
  policy: Policy;
  fallbackRecipient: string;
  segments: number;
  logger: Logger;
  now?: () => Date;
  /** Parallel writes while applying the plans. */
  concurrency?: number;
  /** Called after each trust is applied: progress, and failure injection in tests. */
  afterTrust?: (done: number, total: number) => void | Promise<void>;
}

export class RunInputError extends Error {
  override name = 'RunInputError';
}

const MAX_ERRORS_RECORDED = 100;

export function runKeyOf(input: NightlyScanInput): { runId: string; asOf: IsoDate } {
  if (input.scheduledTime) {
    const instant = new Date(input.scheduledTime);
    if (Number.isNaN(instant.getTime()))
      throw new RunInputError(`scheduledTime: ${JSON.stringify(input.scheduledTime)} is not an ISO instant`);
    return { runId: instant.toISOString(), asOf: londonDateOf(instant) };
  }
  if (input.asOf) {
    if (!isIsoDate(input.asOf))
      throw new RunInputError(`asOf: ${JSON.stringify(input.asOf)} is not a date written YYYY-MM-DD`);
    return { runId: `manual:${input.asOf}`, asOf: input.asOf };
  }
  throw new RunInputError('the run needs a scheduledTime (from the schedule) or an asOf date');
}

function emptyMatrix(): Record<DueKind, Record<Stage, number>> {
  return Object.fromEntries(
    DUE_KINDS.map((k) => [k, Object.fromEntries(STAGES.map((s) => [s, 0]))]),
  ) as Record<DueKind, Record<Stage, number>>;
}

function digestItemOf(itemId: string, i: DueItem): DigestItem {
  return {
    itemId,
    kind: i.kind,
    trustId: i.trustId,
    trustName: i.trustName,
    locationId: i.locationId,
    locationName: i.locationName,
    service: i.service,
    rating: i.rating,
    reference: i.reference,
    dueBy: i.dueBy,
    daysRemaining: i.daysRemaining,
    stage: i.stage,
  };
}

/**
 * The nightly job: read every trust record, evaluate what is due, record stage changes, raise
 * and close report tasks, and publish one DueWorkDigest per recipient with what is new for
 * them. Every step is idempotent, so a retried, duplicated or resumed run is safe.
 */
export function makeNightlyScan(deps: NightlyScanDeps) {
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.concurrency ?? 16;

  return async function nightlyScan(input: NightlyScanInput): Promise<RunRecord> {
    const { runId, asOf } = runKeyOf(input);
    const { store, logger } = deps;
    const usageAtStart = { ...store.usage };
    const run: RunRecord = {
      runId,
      asOf,
      status: 'running',
      startedAt: now().toISOString(),
      finishedAt: null,
      trusts: 0,
      recordsRead: 0,
      items: 0,
      itemsByKindAndStage: emptyMatrix(),
      unrated: 0,
      stageChanges: 0,
      itemsSaved: 0,
      itemsClosed: 0,
      tasksRaised: 0,
      tasksClosed: 0,
      digestsPublished: 0,
      digestItems: 0,
      skippedRecords: 0,
      errors: [],
      failure: null,
      capacity: { read: 0, write: 0 },
      dataWrites: 0,
    };
    const nowSeconds = () => Math.floor(now().getTime() / 1000);
    logger.info('nightly run started', { runId, asOf });

    try {
      const scan = await store.scanAll({ segments: deps.segments });
      run.recordsRead = scan.recordsRead;
      const problems: RecordProblem[] = [...scan.problems];

      const partitions = [...scan.partitions.values()].sort((a, b) => a.trustId.localeCompare(b.trustId));
      const notify = new Map<string, { name: string | null; fallback: boolean; items: DigestItem[] }>();
      const dueMonths = new Map<string, number>();
      let done = 0;

      await pMap(
        partitions,
        async (partition) => {
          const trust = trustOf(partition);
          if (!trust) {
            problems.push({
              key: `TRUST#${partition.trustId} PROFILE`,
              reason: 'the trust has records but no readable profile',
            });
            return;
          }
          const plan = planTrustSync(partition, trust, asOf, deps.policy, runId);
          run.trusts++;
          run.items += plan.items.length;
          run.unrated += plan.unrated.length;
          for (const item of plan.items) {
            run.itemsByKindAndStage[item.kind][item.stage]++;
            const month = item.dueBy.slice(0, 7);
            dueMonths.set(month, (dueMonths.get(month) ?? 0) + 1);
          }

          for (const { itemId, item, stageChanged } of plan.saves) {
            await store.saveItem(itemId, item, asOf, stageChanged);
            run.itemsSaved++;
            if (stageChanged) run.stageChanges++;
          }
          await store.deleteItems(trust.trustId, plan.deletes);
          run.itemsClosed += plan.deletes.length;
          for (const task of plan.raiseTasks) if (await store.raiseTask(task)) run.tasksRaised++;
          for (const { task, closedOn } of plan.closeTasks)
            if (await store.closeTask(task, closedOn)) run.tasksClosed++;

          for (const { itemId, item } of plan.toNotify) {
            const email = (item.relationshipHolder?.email ?? deps.fallbackRecipient).toLowerCase();
            let entry = notify.get(email);
            if (!entry) {
              entry = {
                name: item.relationshipHolder?.name ?? null,
                fallback: !item.relationshipHolder,
                items: [],
              };
              notify.set(email, entry);
            }
            entry.items.push(digestItemOf(itemId, item));
          }
          done++;
          await deps.afterTrust?.(done, partitions.length);
        },
        { concurrency },
      );

      // The months that hold items, and how many: the planner API plans its Queries with them.
      const previous = await store.readDueMonthIndex();
      const months = [...dueMonths.keys()].sort();
      const counts = Object.fromEntries(months.map((m) => [m, dueMonths.get(m)!]));
      if (JSON.stringify(previous) !== JSON.stringify({ months, counts }))
        await store.saveDueMonths(months, counts);

      // One digest per recipient, split into parts only when very large.
      const events: BusEvent[] = [];
      for (const [email, entry] of [...notify.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const parts = Math.ceil(entry.items.length / MAX_ITEMS_PER_DIGEST_EVENT);
        for (let part = 1; part <= parts; part++) {
          const detail: DigestDetail = {
            runId,
            asOf,
            recipient: { name: entry.name, email, fallback: entry.fallback },
            part,
            parts,
            items: entry.items.slice(
              (part - 1) * MAX_ITEMS_PER_DIGEST_EVENT,
              part * MAX_ITEMS_PER_DIGEST_EVENT,
            ),
          };
          events.push({ source: DIGEST_SOURCE, detailType: DIGEST_DETAIL_TYPE, detail });
        }
        run.digestItems += entry.items.length;
      }
      await deps.bus.publish(events);
      run.digestsPublished = events.length;

      run.skippedRecords = problems.length;
      run.errors = problems.slice(0, MAX_ERRORS_RECORDED);
      run.status = 'succeeded';
    } catch (err) {
      run.status = 'failed';
      run.failure = (err as Error).message;
      throw err;
    } finally {
      run.finishedAt = now().toISOString();
      run.capacity = {
        read: +(store.usage.readCapacity - usageAtStart.readCapacity).toFixed(1),
        write: +(store.usage.writeCapacity - usageAtStart.writeCapacity).toFixed(1),
      };
      run.dataWrites = store.usage.dataWrites - usageAtStart.dataWrites;
      const { errors, ...summary } = run;
      if (run.status === 'succeeded')
        logger.info('nightly run finished', { ...summary, errors: errors.length });
      else logger.error('nightly run failed', { ...summary, errors: errors.length });
      for (const problem of run.errors)
        logger.warn('record skipped', { key: problem.key, reason: problem.reason });
      try {
        await store.putRun(run as unknown as { runId: string } & Record<string, unknown>, nowSeconds());
      } catch (err) {
        logger.error('could not store the run record', { runId, error: (err as Error).message });
      }
    }
    return run;
  };
}
