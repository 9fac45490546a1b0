import type { DeliveryEntry, Told } from '../domain/delivery.ts';
import type { DigestDetail } from '../domain/digest.ts';
import type { DueItem, StoredItem } from '../domain/due-item.ts';
import type { ItemState, KeptState } from '../domain/item-state.ts';
import type { ItemSave, RecordProblem, StoredTrust } from '../domain/night-plan.ts';
import type { TrustRecord } from '../domain/records.ts';
import type { ReportTask } from '../domain/report-tasks.ts';
import type { ToCheck, ToCheckDelivery } from '../domain/to-check.ts';

/**
 * The ports the use cases work through. The DynamoDB repositories, SES and EventBridge adapters
 * implement them in AWS and locally; tests may give their own.
 */

export interface StoredTrusts {
  /** Every trust partition, read in parallel segments. */
  readAll(options: {
    segments: number;
    onPage?: (records: number) => void | Promise<void>;
  }): Promise<{ trusts: StoredTrust[]; problems: RecordProblem[]; recordsRead: number }>;
  /** Every trust partition, each handed to `onTrust` as soon as it is read (a few in hand at once). */
  stream(options: {
    segments: number;
    concurrency: number;
    onTrust: (trust: StoredTrust) => Promise<void>;
  }): Promise<{ problems: RecordProblem[]; recordsRead: number }>;
  /** Deletes a trust's (or one location's) records, items and tasks, keeping a history record. */
  retire(
    scope: RetireScope,
    options: { dryRun: boolean; reason: string; on: string; at: string },
  ): Promise<Retired>;
  /** One trust's stored state (an empty one when nothing is stored). */
  read(trustId: string): Promise<StoredTrust>;
  /** Every stored trust id, with the location ids its core services are rated at. */
  locations(): Promise<Map<string, Set<string>>>;
  /**
   * Writes the records of `trust` that differ from `previous` (what is stored now), and says how
   * many were created, updated and unchanged. With `dryRun`, counts only.
   */
  upsert(
    trust: TrustRecord,
    previous: TrustRecord | null,
    options: { dryRun: boolean },
  ): Promise<{ created: number; updated: number; unchanged: number }>;
}

/** A trust, one location of it, or some of its core services, to retire. */
export interface RetireScope {
  trustId: string;
  locationId?: string | undefined;
  /** Only these core services (the sync: services CQC no longer rates). */
  coreServices?: readonly { locationId: string; service: string }[] | undefined;
}

/** What a retirement took away (or would, on a dry run). */
export interface Retired extends RetireScope {
  records: number;
  items: string[];
  tasks: string[];
  reason: string;
  /** Whether anything but history is stored for the trust, and its locations: to name a wrong id. */
  trustStored: boolean;
  locationsStored: string[];
}

/** Requests made so far: for run records and benchmarks. */
export interface CqcApiUsage {
  requests: number;
  retries: number;
  /** 429 answers. */
  throttled: number;
}

/**
 * The CQC public API, as the sync reads it. Documents are returned raw: the sources parse them.
 * Every call stops when `signal` aborts (the run's deadline), waits and retries included.
 * A failure is thrown as an error with `transient` (trying again may succeed) and `refused`
 * (the API refused the key: 401/403, which stops the run).
 */
export interface CqcApi {
  readonly usage: CqcApiUsage;
  /** A provider document; null when the API has none (404). */
  provider(providerId: string, signal?: AbortSignal): Promise<unknown | null>;
  location(locationId: string, signal?: AbortSignal): Promise<unknown | null>;
  /** Ids of the providers or locations changed in a window. */
  changes(
    kind: 'provider' | 'location',
    since: string,
    until: string,
    signal?: AbortSignal,
  ): AsyncIterable<string>;
  /** Provider ids listed under a primary inspection category code. */
  providersInCategory(code: string, signal?: AbortSignal): AsyncIterable<string>;
}

/** The CQC API refused the subscription key (revoked, expired, wrong): nothing more can be read. */
export function isKeyRefusal(err: unknown): boolean {
  return (err as { refused?: unknown } | null)?.refused === true;
}

/** Where the sync keeps its watermark, the progress of a full reconcile, its lease and its runs. */
export interface SyncState {
  read(): Promise<SyncProgress>;
  /** Takes the lease unless another sync holds a live one; false when it does. */
  acquire(owner: string, now: string, until: string): Promise<boolean>;
  release(owner: string): Promise<void>;
  save(progress: SyncProgress): Promise<void>;
  putRun(
    run: { runId: string; startedAt: string } & Record<string, unknown>,
    nowSeconds: number,
  ): Promise<void>;
  latestRun(): Promise<Record<string, unknown> | null>;
}

export interface SyncProgress {
  /** Changes up to this instant are in the table. */
  watermark: string | null;
  /** A full reconcile under way: when it started, and the last provider id it finished. */
  full: { startedAt: string; after: string | null } | null;
  /**
   * Providers a full reconcile could not read (a transient failure): the next run reads them
   * first, so a change made before the watermark is not lost.
   */
  retry: string[];
}

export interface DueItems {
  save(
    itemId: string,
    item: DueItem,
    asOf: string,
    stageChanged: boolean,
    told?: Told,
    isNew?: boolean,
    how?: Pick<ItemSave, 'newBasis' | 'repair'>,
  ): Promise<boolean>;
  /** Of the items just created for a trust, deletes those whose source record is gone; their ids. */
  dropUnsourced(trustId: string, created: readonly { itemId: string; item: DueItem }[]): Promise<string[]>;
  /** Closes items that no longer apply, keeping what each was, when and why. */
  close(trustId: string, items: readonly StoredItem[], on: string): Promise<void>;
  /** Marks items kept as they were because a source record cannot be read. */
  flag(trustId: string, itemIds: string[], problem: string): Promise<void>;
  readMonths(): Promise<{ months: string[]; counts: Record<string, number> } | null>;
  saveMonths(index: { months: string[]; counts: Record<string, number> }): Promise<void>;
  addMonths(months: string[]): Promise<void>;
  /** Records a trust to check (fields only: who was told is kept). */
  saveToCheck(toCheck: ToCheck): Promise<void>;
  closeToCheck(trustId: string): Promise<void>;
}

export interface Tasks {
  raise(task: ReportTask): Promise<boolean>;
  close(task: Pick<ReportTask, 'trustId' | 'inspectionId'>, closedOn: string): Promise<boolean>;
}

export interface Runs {
  put(run: { runId: string; startedAt: string } & Record<string, unknown>, nowSeconds: number): Promise<void>;
  /** The run that started last, or null. */
  latest(): Promise<Record<string, unknown> | null>;
}

/** How a digest ended, as counted on its run: never "sent" unless SES accepted it. */
export const DIGEST_OUTCOMES = ['sent', 'recovered', 'nothingNew', 'duplicate', 'rejected'] as const;
export type DigestOutcome = (typeof DIGEST_OUTCOMES)[number];

/** What opening a digest for sending finds (see DeliveriesRepository.openDigest). */
export type DigestOpening = 'claimed' | 'sending' | 'sent' | 'busy';

export type DigestLedgerUpdate =
  | { status: 'sending' }
  | { status: 'sent'; messageId: string | null; items: number; interrupted?: boolean }
  | { status: 'failed'; reason: string; permanent: boolean };

/** How a claimed item or trust to check ended for its recipient. */
export type DeliveryOutcome = { status: 'sent' | 'failed'; at: string };

/** Delivery state: the digest ledger, and what each recipient has been told of each item. */
export interface Deliveries {
  openDigest(
    runId: string,
    email: string,
    part: number,
    clock: { now: string; staleBefore: string; nowSeconds: number },
  ): Promise<DigestOpening>;
  updateDigest(
    runId: string,
    email: string,
    part: number,
    update: DigestLedgerUpdate,
    now: string,
  ): Promise<void>;
  claimItem(
    trustId: string,
    itemId: string,
    email: string,
    entry: DeliveryEntry,
    staleBefore: string,
  ): Promise<boolean>;
  claimToCheck(trustId: string, email: string, entry: ToCheckDelivery, staleBefore: string): Promise<boolean>;
  countOutcome(runId: string, outcome: DigestOutcome, nowSeconds: number): Promise<void>;
  settleItem(
    trustId: string,
    itemId: string,
    email: string,
    digest: string,
    outcome: DeliveryOutcome,
  ): Promise<boolean>;
  settleToCheck(trustId: string, email: string, digest: string, outcome: DeliveryOutcome): Promise<boolean>;
}

/** Capacity consumed so far (DynamoDB), for the run record. */
export interface UsageMeter {
  readonly usage: { readCapacity: number; writeCapacity: number; dataWrites: number };
}

/** The bus the nightly run publishes digests on: EventBridge in AWS, in-process locally. */
export interface DigestBus {
  /** Publishes every digest, or throws naming how many could not be published. */
  publish(digests: readonly DigestDetail[]): Promise<void>;
}

export interface Email {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: Email): Promise<{ messageId: string }>;
}

/** A failure that retrying will not cure (rejected message, unverified sender, suspended account). */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
}

/** A failure that may pass (throttling, SES 5xx) and is left after the SDK's own retries. */
export class TransientMailError extends Error {
  override name = 'TransientMailError';
}

/** What people recorded doing with items (issue 24): the night applies any record not yet applied. */
export interface RecordedActions {
  /** The trusts people have acted on: only theirs have action records to read. */
  actedTrusts(): Promise<Set<string>>;
  /** Per item of the trust, the states its action records made. */
  keptStates(trustId: string): Promise<Map<string, KeptState[]>>;
  /** Sets an item's state if it is still at `fromVersion` (`damaged`: its stored state did not read). */
  setState(
    trustId: string,
    itemId: string,
    fromVersion: number | 'damaged',
    next: ItemState,
  ): Promise<boolean>;
}
