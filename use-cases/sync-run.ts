import type { Logger } from '@aws-lambda-powertools/logger';
import type { IsoDate } from '../domain/calendar.ts';
import type { Policy } from '../domain/policy.ts';
import type { CqcApi, DueItems, Runs, StoredTrusts, SyncState } from './ports.ts';
import type { SyncCounts } from './sync-provider.ts';

/** What a sync is asked to do, what it needs, and the run record it keeps (sync-trusts.ts runs it). */

export type SyncMode = 'incremental' | 'full' | 'providers';

export interface SyncOptions {
  /** incremental: the changes since the watermark; full: every known and every listed NHS trust. */
  mode: 'incremental' | 'full';
  /** Only these providers (`sync --provider ID…`): no watermark moves. */
  providers?: readonly string[];
  policy: Policy;
  /** The date due items are refreshed for (default: today in Europe/London). */
  asOf?: IsoDate;
  fallbackRecipient?: string;
  /** The changes window starts this much before the watermark: the feed's window ends are not documented. */
  overlapMinutes?: number;
  /** Stop cleanly (progress saved) when this instant (ms) is reached: a Lambda's timeout, less a margin. */
  deadline?: number;
  concurrency?: number;
  /** A listed category answering more providers than this ignored its filter: stop rather than fetch them all. */
  maxListed?: number;
  /** An admin confirms that this run may retire whole trusts, or all of one trust's records. */
  allowMassRetire?: boolean;
  /** Retiring more than this share of the stored trusts in one run is held (default 0.2). */
  maxTrustShare?: number;
  onProgress?: (line: string) => void;
}

export interface SyncRun extends Omit<SyncCounts, 'retired'> {
  runId: string;
  mode: SyncMode;
  /**
   * succeeded; completed-with-problems (named; the watermark waits if any was transient);
   * interrupted (stopped at the deadline, resumes next run); busy (another sync holds the lease);
   * refused (the CQC API refused the key: the run stopped at once, no watermark moved).
   */
  status: 'running' | 'succeeded' | 'completed-with-problems' | 'interrupted' | 'busy' | 'refused' | 'failed';
  /** Providers the next run reads first: their documents met a problem in this run or before. */
  retry: string[];
  asOf: IsoDate;
  startedAt: string;
  finishedAt: string | null;
  window: { since: string; until: string } | null;
  retired: SyncCounts['retired'];
  retiredCount: number;
  requests: number;
  retries: number;
  throttled: number;
  problemCount: number;
  watermark: string | null;
  failure: string | null;
}

export interface SyncDeps {
  api: CqcApi;
  trusts: StoredTrusts;
  dueItems: DueItems;
  runs?: Pick<Runs, 'latest'>;
  state: SyncState;
  logger?: Logger;
  now?: () => Date;
}
