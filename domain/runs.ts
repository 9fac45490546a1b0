import * as z from './zod.ts';

/**
 * A nightly run or a sync as the runs page and `GET /runs` list it: what ran, how it ended,
 * when, its counts and how many problems it met. Read from the stored record field by field: a
 * damaged record lists with what still reads, never breaks the list.
 */

export const RUN_KINDS = ['nightly', 'sync'] as const;

export const runSummarySchema = () =>
  z.object({
    kind: z.enum(RUN_KINDS),
    runId: z.string(),
    status: z.string(),
    asOf: z.nullable(z.string()),
    startedAt: z.string(),
    finishedAt: z.nullable(z.string()),
    /** What it did, each a count (a nightly run's trusts, items, …; a sync's documents fetched, …). */
    counts: z.record(z.string(), z.int()),
    problemCount: z.int(),
  });
export type RunSummary = z.infer<ReturnType<typeof runSummarySchema>>;

/** The counts each kind of run is listed with, in the order people read them. */
const COUNTS: Record<(typeof RUN_KINDS)[number], [field: string, words: string][]> = {
  nightly: [
    ['trusts', 'Trusts'],
    ['items', 'Items'],
    ['stageChanges', 'Stage changes'],
    ['itemsClosed', 'Items closed'],
    ['tasksRaised', 'Tasks raised'],
    ['digestsPublished', 'Digests published'],
  ],
  sync: [
    ['providersChecked', 'Providers checked'],
    ['documentsFetched', 'Documents fetched'],
    ['created', 'Records created'],
    ['updated', 'Records updated'],
    ['retiredCount', 'Records retired'],
  ],
};

/** A count's name in words: "stageChanges" is "Stage changes". */
export const COUNT_WORDS: Record<string, string> = Object.fromEntries(Object.values(COUNTS).flat());

const text = (v: unknown) => (typeof v === 'string' ? v : null);
const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

export function runSummaryOf(record: Record<string, unknown>): RunSummary {
  const kind = record.type === 'sync-run' || String(record.runId).startsWith('sync:') ? 'sync' : 'nightly';
  return {
    kind,
    runId: String(record.runId),
    status: text(record.status) ?? 'unknown',
    asOf: text(record.asOf),
    startedAt: text(record.startedAt) ?? '',
    finishedAt: text(record.finishedAt),
    counts: Object.fromEntries(COUNTS[kind].map(([field]) => [field, count(record[field])])),
    problemCount: count(record.problemCount),
  };
}

/** A run's status in words. */
export const RUN_STATUS_WORDS: Record<string, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  'completed-with-problems': 'Completed with problems',
  interrupted: 'Interrupted (resumes next run)',
  busy: 'Not run: another sync was running',
  refused: 'Refused by the CQC API',
  unknown: 'Not known',
};
