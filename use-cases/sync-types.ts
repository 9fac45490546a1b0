import type { IsoDate } from '../domain/calendar.ts';
import type { Policy } from '../domain/policy.ts';
import type { ToCheck } from '../domain/to-check.ts';
import type { CqcApi, DueItems, Runs, StoredTrusts } from './ports.ts';

/** What one provider's sync counts, needs and is given: shared by the provider sync and its retirements. */

export interface SyncProblem {
  /** The API path of the document, e.g. /locations/RZZ02. */
  document: string;
  reason: string;
  /** Trying again may succeed (the API failed, not the document): the watermark waits. */
  transient: boolean;
}

export interface SyncCounts {
  providersChecked: number;
  documentsFetched: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Documents passed over: not an NHS trust's, deregistered and never stored, not found. */
  skipped: number;
  retired: { trustId: string; locationId: string | null; service?: string; reason: string }[];
  /** Retirements held back because they were too many at once (named among the problems). */
  retireHeld: number;
  problems: SyncProblem[];
  toCheck: ToCheck[];
}

export interface SyncPorts {
  api: CqcApi;
  trusts: StoredTrusts;
  dueItems: DueItems;
  /** The nightly runs: what the sync imports is planned for the latest run's date (import-trusts.ts). */
  runs?: Pick<Runs, 'latest'>;
}

export interface SyncContext {
  asOf: IsoDate;
  policy: Policy;
  now: Date;
  fallbackRecipient?: string;
  /** Location documents fetched at once (the limiter still spaces the requests). */
  concurrency: number;
  /** The run's deadline: every request, wait and retry stops when it aborts. */
  signal?: AbortSignal;
  /** An admin confirmed that this run may retire whole trusts, or all of one trust's records. */
  allowMassRetire?: boolean;
  /** More than this share of the stored trusts retired in one run is held (unless confirmed). */
  maxTrustShare: number;
}
