import type { Logger } from '@aws-lambda-powertools/logger';
import { type IsoDate, isIsoDate, londonDateOf } from '../domain/calendar.ts';
import { OPEN, rolledForward } from '../domain/item-state.ts';
import {
  emptyKindStageMatrix,
  NightPlanner,
  type RecordProblem,
  type StoredTrust,
  type TrustPlan,
} from '../domain/night-plan.ts';
import type { DueKind, Policy, Stage } from '../domain/policy.ts';
import { redactEmails } from '../domain/redact.ts';
import type { DigestBus, DueItems, RecordedActions, Runs, StoredTrusts, Tasks, UsageMeter } from './ports.ts';

/** What the schedule passes in: its scheduled time. A manual run may give a date instead. */
export interface NightlyRunInput {
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
  /** Items not written because they were retired (or moved on) while the run read them. */
  itemsLost: number;
  itemsClosed: number;
  tasksRaised: number;
  tasksClosed: number;
  digestsPublished: number;
  digestItems: number;
  /** Trusts to check in the digests published (the fallback recipient's). */
  digestToCheck: number;
  /** How many problems the run met; the run went on past each. */
  problemCount: number;
  /** The first 100 of them: trust, record and reason. */
  problems: RecordProblem[];
  failure: string | null;
  capacity: { read: number; write: number };
  dataWrites: number;
}

export interface NightlyRunDeps {
  trusts: StoredTrusts;
  dueItems: DueItems;
  /** What people recorded doing with items: applied before a trust is planned. */
  actions: RecordedActions;
  tasks: Tasks;
  runs: Runs;
  meter: UsageMeter;
  bus: DigestBus;
  policy: Policy;
  fallbackRecipient: string;
  segments: number;
  logger: Logger;
  now?: () => Date;
  /** Trusts planned and written at once (spread over the Scan segments). */
  concurrency?: number;
  /** Called after each trust is applied: progress, and failure injection in tests. */
  afterTrust?: (done: number) => void | Promise<void>;
}

type RunCounts = Pick<
  RunRecord,
  'asOf' | 'itemsSaved' | 'itemsLost' | 'stageChanges' | 'itemsClosed' | 'tasksRaised' | 'tasksClosed'
>;

export class RunInputError extends Error {
  override name = 'RunInputError';
}

const MAX_PROBLEMS_RECORDED = 100;

/**
 * A write refused because of what one trust's data is (too large, an invalid value), not because
 * the table or the network failed: that trust is passed over. Anything else fails the run, which
 * is retried as a whole.
 */
function isRecordFault(err: unknown): boolean {
  return (err as { name?: string }).name === 'ValidationException';
}

export function runKeyOf(input: NightlyRunInput): { runId: string; asOf: IsoDate } {
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

/**
 * The nightly job: read every trust record, evaluate what is due, record stage changes, raise
 * and close report tasks, and publish one DueWorkDigest per recipient with what is new for
 * them. Every step is idempotent, so a retried, duplicated or resumed run is safe.
 */
export function makeNightlyRun(deps: NightlyRunDeps) {
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.concurrency ?? 16;

  /**
   * Applies any action record whose item state was not written (a writer stopped between the
   * two): the night plans by what people recorded, so a booked item is never told as open. One
   * Query of the action records of each trust people have acted on; none for the others.
   */
  async function applyRecordedActions(stored: StoredTrust, acted: Set<string>): Promise<StoredTrust> {
    if (stored.items.size === 0 || !acted.has(stored.trustId)) return stored;
    const kept = await deps.actions.keptStates(stored.trustId);
    if (kept.size === 0) return stored;
    const items = new Map(stored.items);
    for (const [itemId, item] of stored.items) {
      const records = kept.get(itemId);
      if (!records) continue;
      const from = item.itemState ?? OPEN;
      const next = rolledForward(from, records);
      if (next.version === from.version) continue;
      // A damaged state is written whole by the item's repair (the plan's), with this state in it.
      if (!stored.damagedItems?.has(itemId))
        await deps.actions.setState(stored.trustId, itemId, from.version, next);
      items.set(itemId, { ...item, itemState: next });
    }
    return { ...stored, items };
  }

  /** Writes one trust's plan; a write DynamoDB refuses for this trust's data is named, not thrown. */
  async function applyTrust(
    trustPlan: TrustPlan,
    problems: RecordProblem[],
    run: RunCounts,
    planner: NightPlanner,
  ): Promise<void> {
    const { trustId } = trustPlan.trust;
    const { asOf } = run;
    try {
      const written: TrustPlan['saves'] = [];
      const lost: string[] = [];
      for (const save of trustPlan.saves) {
        const { itemId, item, stageChanged, told, isNew, newBasis, repair } = save;
        if (await deps.dueItems.save(itemId, item, asOf, stageChanged, told, isNew, { newBasis, repair }))
          written.push(save);
        else lost.push(itemId);
      }
      // Lost to a retirement made since the trust was read (or to a later run's stage): not
      // written, or written and taken back, and nobody is told of it.
      const unsourced = new Set(
        await deps.dueItems.dropUnsourced(
          trustId,
          written.filter((w) => w.isNew),
        ),
      );
      for (const { itemId, stageChanged } of written)
        if (unsourced.has(itemId)) lost.push(itemId);
        else {
          run.itemsSaved++;
          if (stageChanged) run.stageChanges++;
        }
      for (const itemId of lost) {
        planner.forget(trustId, itemId);
        run.itemsLost++;
      }
      await deps.dueItems.close(trustId, trustPlan.closes, asOf);
      run.itemsClosed += trustPlan.closes.length;
      if (trustPlan.kept.length > 0)
        await deps.dueItems.flag(trustId, trustPlan.kept, 'a source record cannot be read');
      if (trustPlan.saveToCheck) await deps.dueItems.saveToCheck(trustPlan.saveToCheck);
      if (trustPlan.closeToCheck) await deps.dueItems.closeToCheck(trustId);
      for (const task of trustPlan.raiseTasks) if (await deps.tasks.raise(task)) run.tasksRaised++;
      for (const { task, closedOn } of trustPlan.closeTasks)
        if (await deps.tasks.close(task, closedOn)) run.tasksClosed++;
    } catch (err) {
      if (!isRecordFault(err)) throw err;
      problems.push({
        trustId,
        record: `TRUST#${trustId}`,
        reason: `could not be written: ${(err as Error).message}`,
      });
    }
  }

  return async function nightlyRun(input: NightlyRunInput): Promise<RunRecord> {
    const { runId, asOf } = runKeyOf(input);
    const { meter, logger } = deps;
    const usageAtStart = { ...meter.usage };
    const run: RunRecord = {
      runId,
      asOf,
      status: 'running',
      startedAt: now().toISOString(),
      finishedAt: null,
      trusts: 0,
      recordsRead: 0,
      items: 0,
      itemsByKindAndStage: emptyKindStageMatrix(),
      unrated: 0,
      stageChanges: 0,
      itemsSaved: 0,
      itemsLost: 0,
      itemsClosed: 0,
      tasksRaised: 0,
      tasksClosed: 0,
      digestsPublished: 0,
      digestItems: 0,
      digestToCheck: 0,
      problemCount: 0,
      problems: [],
      failure: null,
      capacity: { read: 0, write: 0 },
      dataWrites: 0,
    };
    const nowSeconds = () => Math.floor(now().getTime() / 1000);
    logger.info('nightly run started', { runId, asOf });

    try {
      // Each trust is planned and applied as soon as the Scan has read it, then forgotten: the
      // night holds a few trusts at a time, not the table. Every write is idempotent, so a
      // retried run repeats it harmlessly. A trust whose writes DynamoDB refuses is named and
      // passed over; the others proceed.
      const planner = new NightPlanner({
        runId,
        asOf,
        policy: deps.policy,
        fallbackRecipient: deps.fallbackRecipient,
      });
      const writeProblems: RecordProblem[] = [];
      // Read once, before the Scan: a trust first acted on after this read is rolled forward by
      // its next action or the next night.
      const acted = await deps.actions.actedTrusts();
      let done = 0;
      const read = await deps.trusts.stream({
        segments: deps.segments,
        concurrency,
        onTrust: async (stored) => {
          const trustPlan = planner.add(await applyRecordedActions(stored, acted));
          if (trustPlan) await applyTrust(trustPlan, writeProblems, run, planner);
          done++;
          await deps.afterTrust?.(done);
        },
      });
      const plan = planner.finish();
      run.recordsRead = read.recordsRead;
      const problems: RecordProblem[] = [...read.problems, ...planner.problems, ...writeProblems];
      run.trusts = planner.trusts;
      run.items = planner.items;
      run.unrated = planner.unrated;
      run.itemsByKindAndStage = planner.itemsByKindAndStage;

      // The months that hold items, and how many: the planner API plans its Queries with them.
      const previous = await deps.dueItems.readMonths();
      if (JSON.stringify(previous) !== JSON.stringify(plan.dueMonths))
        await deps.dueItems.saveMonths(plan.dueMonths);

      await deps.bus.publish(plan.digests);
      run.digestsPublished = plan.digests.length;
      run.digestItems = plan.digests.reduce((n, d) => n + d.items.length, 0);
      run.digestToCheck = plan.digests.reduce((n, d) => n + d.toCheck.length, 0);

      run.problemCount = problems.length;
      // Reasons can quote a stored value: cut, so the run record stays well inside 400 KB.
      run.problems = problems
        .slice(0, MAX_PROBLEMS_RECORDED)
        .map((p) => ({ ...p, reason: p.reason.length > 500 ? `${p.reason.slice(0, 500)}…` : p.reason }));
      run.status = 'succeeded';
    } catch (err) {
      run.status = 'failed';
      run.failure = (err as Error).message;
      throw err;
    } finally {
      run.finishedAt = now().toISOString();
      run.capacity = {
        read: +(meter.usage.readCapacity - usageAtStart.readCapacity).toFixed(1),
        write: +(meter.usage.writeCapacity - usageAtStart.writeCapacity).toFixed(1),
      };
      run.dataWrites = meter.usage.dataWrites - usageAtStart.dataWrites;
      const { problems, ...summary } = run;
      if (run.status === 'succeeded') logger.info('nightly run finished', summary);
      else logger.error('nightly run failed', summary);
      for (const problem of problems)
        logger.warn('problem', { ...problem, reason: redactEmails(problem.reason) });
      try {
        await deps.runs.put({ ...run }, nowSeconds());
      } catch (err) {
        logger.error('could not store the run record', { runId, error: (err as Error).message });
      }
    }
    return run;
  };
}
