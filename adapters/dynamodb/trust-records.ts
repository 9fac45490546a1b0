import { paginateQuery, paginateScan, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { closureOf } from '../../domain/closed-item.ts';
import type { RecordProblem, StoredTrust } from '../../domain/night-plan.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { Retired, RetireScope, StoredTrusts } from '../../use-cases/ports.ts';
import { closureRecord } from './due-items.ts';
import {
  coreServiceSk,
  historySk,
  itemSk,
  PROFILE_SK,
  TO_CHECK_SK,
  TRUST_PREFIX,
  taskSk,
  trustPk,
} from './keys.ts';
import {
  addRecords,
  emptyPartition,
  recordsOfTrust,
  storedTrustOf,
  type TrustPartition,
  trustOf,
} from './records.ts';
import type { Table } from './table.ts';

export interface ScanResult {
  partitions: Map<string, TrustPartition>;
  problems: RecordProblem[];
  recordsRead: number;
}

/**
 * The pages of a paginator, each next one requested as soon as the last arrives: the table reads
 * the next page while this one is parsed and planned, instead of waiting for it.
 */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const pages = source[Symbol.asyncIterator]();
  let next = pages.next();
  for (;;) {
    const page = await next;
    if (page.done) return;
    next = pages.next();
    next.catch(() => {}); // awaited on the next turn; this only keeps it from counting as unhandled
    yield page.value;
  }
}

function emptyTrust(trustId: string): TrustRecord {
  return {
    trustId,
    name: null,
    sector: null,
    region: null,
    relationshipHolder: null,
    coreServices: [],
    wellLedInspections: [],
    providerInformationRequests: [],
  };
}

/** Trust partitions: the records imported for each trust, with its due items and tasks. */
export class TrustRecordsRepository implements StoredTrusts {
  constructor(private readonly table: Table) {}

  /**
   * Reads the whole table with a parallel Scan, page by page, and sorts it into trust
   * partitions. `onPage` is told how many records each page held (for progress and tests).
   */
  async scanAll(options: {
    segments: number;
    onPage?: (records: number) => void | Promise<void>;
  }): Promise<ScanResult> {
    const result: ScanResult = { partitions: new Map(), problems: [], recordsRead: 0 };
    const segments = Math.max(1, options.segments);
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const pages = this.scanPages(segment, segments);
        for await (const page of pages) {
          this.table.count(page.ConsumedCapacity, 'read');
          const items = page.Items ?? [];
          result.recordsRead += items.length;
          addRecords(items, result.partitions, result.problems);
          await options.onPage?.(items.length);
        }
      }),
    );
    return result;
  }

  /**
   * Reads the table in parallel segments and hands each trust over as soon as its records are
   * all read, with up to `concurrency` trusts in hand at once: the night holds a few trusts, not
   * the table. A Scan returns a partition's records together; should a trust's records come back
   * after it was handed over, the read stops rather than act on part of a trust.
   */
  async stream(options: {
    segments: number;
    concurrency: number;
    onTrust: (trust: StoredTrust) => Promise<void>;
  }): Promise<{ problems: RecordProblem[]; recordsRead: number }> {
    const problems: RecordProblem[] = [];
    let recordsRead = 0;
    const handedOver = new Set<string>();
    const segments = Math.max(1, options.segments);
    const perSegment = Math.max(1, Math.ceil(options.concurrency / segments));
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const inHand = new Set<Promise<void>>();
        let current = new Map<string, TrustPartition>();
        const handOver = async () => {
          for (const partition of current.values()) {
            handedOver.add(partition.trustId);
            const work: Promise<void> = options
              .onTrust(storedTrustOf(partition))
              .finally(() => inHand.delete(work));
            work.catch(() => {}); // awaited below; this only keeps a failure from going unhandled meanwhile
            inHand.add(work);
            if (inHand.size >= perSegment) await Promise.race(inHand);
          }
          current = new Map();
        };
        const pages = this.scanPages(segment, segments);
        for await (const page of prefetched(pages)) {
          this.table.count(page.ConsumedCapacity, 'read');
          for (const record of page.Items ?? []) {
            recordsRead++;
            const pk = String(record.PK ?? '');
            if (!pk.startsWith(TRUST_PREFIX)) continue;
            const trustId = pk.slice(TRUST_PREFIX.length);
            if (!current.has(trustId)) {
              await handOver();
              if (handedOver.has(trustId))
                throw new Error(
                  `the Scan returned records of ${pk} apart from each other: the night stops rather than plan part of a trust`,
                );
            }
            addRecords([record], current, problems);
          }
        }
        await handOver();
        await Promise.all(inHand);
      }),
    );
    return { problems, recordsRead };
  }

  /** The pages of one segment of a parallel Scan of the whole table. */
  private scanPages(segment: number, segments: number) {
    return paginateScan(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        Segment: segment,
        TotalSegments: segments,
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
  }

  /**
   * Every trust with a profile, and the locations its core services are rated at: the keys
   * alone (a projection of PK and SK), for the sync to tell known trusts and locations.
   */
  async locations(): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    const pages = paginateScan(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        ProjectionExpression: 'PK, SK',
        FilterExpression: 'begins_with(PK, :trust) AND (SK = :profile OR begins_with(SK, :cs))',
        ExpressionAttributeValues: { ':trust': TRUST_PREFIX, ':profile': PROFILE_SK, ':cs': 'CS#' },
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
    for await (const page of pages) {
      this.table.count(page.ConsumedCapacity, 'read');
      for (const { PK, SK } of (page.Items ?? []) as { PK: string; SK: string }[]) {
        const trustId = PK.slice(TRUST_PREFIX.length);
        const locations = out.get(trustId) ?? new Set<string>();
        out.set(trustId, locations);
        if (SK.startsWith('CS#')) locations.add(SK.split('#')[1]!);
      }
    }
    return out;
  }

  /** Whether the table holds no record at all. */
  async isEmpty(): Promise<boolean> {
    const out = await this.table.client.send(new ScanCommand({ TableName: this.table.tableName, Limit: 1 }));
    return (out.Items?.length ?? 0) === 0;
  }

  /** Everything stored for one trust (one Query on its partition). */
  async readTrust(trustId: string, problems: RecordProblem[] = []): Promise<TrustPartition> {
    const partitions = new Map<string, TrustPartition>();
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': trustPk(trustId) },
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
    for await (const page of pages) {
      this.table.count(page.ConsumedCapacity, 'read');
      addRecords(page.Items ?? [], partitions, problems);
    }
    return partitions.get(trustId) ?? emptyPartition(trustId);
  }

  async readAll(options: { segments: number; onPage?: (records: number) => void | Promise<void> }) {
    const scan = await this.scanAll(options);
    return {
      trusts: [...scan.partitions.values()].map(storedTrustOf),
      problems: scan.problems,
      recordsRead: scan.recordsRead,
    };
  }

  async read(trustId: string): Promise<StoredTrust> {
    return storedTrustOf(await this.readTrust(trustId));
  }

  /**
   * Retires a trust, or one location of it: deletes its records and closes its due items and
   * tasks, keeping what was retired, when and why in a history record of the trust. Nothing
   * retired is planned or told again. With `dryRun`, says what would go and writes nothing.
   */
  async retire(
    scope: RetireScope,
    options: { dryRun: boolean; reason: string; on: string; at: string },
  ): Promise<Retired> {
    const partition = await this.readTrust(scope.trustId);
    const pk = trustPk(scope.trustId);
    const services = scope.coreServices
      ? new Set(scope.coreServices.map((cs) => coreServiceSk(cs.locationId, cs.service)))
      : null;
    const inScope = (sk: string) =>
      services ? services.has(sk) : !scope.locationId || sk.startsWith(`CS#${scope.locationId}#`);
    const wholeTrust = !scope.locationId && !services;
    const records = [
      ...(wholeTrust && partition.profile ? [PROFILE_SK] : []),
      ...(wholeTrust && partition.toCheck ? [TO_CHECK_SK] : []),
      ...recordsOfTrust({ ...emptyTrust(scope.trustId), ...trustOf(partition) })
        .map((r) => String(r.SK))
        .filter((sk) => sk !== PROFILE_SK && inScope(sk)),
      // Records that no longer parse go too: they belong to what is retired.
      ...partition.unreadable.filter(inScope),
    ];
    const closing = [...partition.items.values()].filter((i) =>
      services
        ? i.kind === 'reinspection' && services.has(coreServiceSk(i.locationId ?? '', i.service ?? ''))
        : !scope.locationId || i.locationId === scope.locationId,
    );
    // Items too damaged to read go with the whole trust (their own fields cannot say where they belong).
    const damaged = wholeTrust ? [...partition.damagedItems].filter((id) => !partition.items.has(id)) : [];
    const items = [...closing.map((i) => i.itemId), ...damaged];
    const tasks = wholeTrust ? [...partition.tasks.keys()] : [];
    const retired: Retired = {
      ...scope,
      records: records.length,
      items,
      tasks,
      reason: options.reason,
      locationsStored: [...new Set(partition.coreServices.map((cs) => cs.locationId))].sort(),
      trustStored:
        trustOf(partition) !== null ||
        partition.items.size + partition.tasks.size + partition.unreadable.length > 0,
    };
    if (options.dryRun || records.length + items.length + tasks.length === 0) return retired;
    await this.table.batchWrite(
      [
        {
          PK: pk,
          SK: historySk(options.on, options.at),
          type: 'history',
          event: 'retired',
          on: options.on,
          ...retired,
          // The ids kept are enough to find the items again; the count is all of them.
          items: items.slice(0, 200),
          itemCount: items.length,
        },
        // Each item keeps what it was, when and why it closed: its page and history stay.
        ...closing.map((i) => closureRecord(closureOf(i, options.on, 'retired', options.reason))),
      ],
      [...records, ...items.map(itemSk), ...tasks.map(taskSk)].map((SK) => ({ PK: pk, SK })),
    );
    return retired;
  }

  async upsert(trust: TrustRecord, previous: TrustRecord | null, options: { dryRun: boolean }) {
    const before = new Map(
      (previous ? recordsOfTrust(previous) : []).map((r) => [String(r.SK), JSON.stringify(r)]),
    );
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const changed: Record<string, unknown>[] = [];
    for (const record of recordsOfTrust(trust)) {
      const stored = before.get(String(record.SK));
      if (stored === undefined) counts.created++;
      else if (stored !== JSON.stringify(record)) counts.updated++;
      else {
        counts.unchanged++;
        continue;
      }
      changed.push(record);
    }
    if (changed.length > 0 && !options.dryRun) await this.table.batchWrite(changed);
    return counts;
  }
}
