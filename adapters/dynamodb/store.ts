import { ConditionalCheckFailedException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DueItem } from '../../domain/evaluate.ts';
import { DUE_KINDS, STAGES, type Stage } from '../../domain/policy.ts';
import {
  type CoreService,
  coreServiceSchema,
  type ProviderInformationRequest,
  providerInformationRequestSchema,
  type TrustRecord,
  type WellLedInspection,
  wellLedInspectionSchema,
} from '../../domain/records.ts';
import type * as z from '../../domain/zod.ts';
import { type Endpoint, makeDocumentClient } from '../clients.ts';
import {
  coreServiceSk,
  DUE_INDEX,
  DUE_MONTHS_SK,
  digestPk,
  digestSk,
  dueMonthPk,
  itemSk,
  META_PK,
  PROFILE_SK,
  pirSk,
  RETENTION_DAYS,
  RUN_PK,
  TASK_INDEX,
  taskSk,
  trustPk,
  wellLedSk,
} from './keys.ts';
import { type ItemRecord, profileRecordSchema, type TaskRecord, taskRecordSchema } from './records.ts';

/** Everything the table holds for one trust, parsed. */
export interface TrustPartition {
  trustId: string;
  profile: z.infer<typeof profileRecordSchema> | null;
  coreServices: CoreService[];
  wellLedInspections: WellLedInspection[];
  providerInformationRequests: ProviderInformationRequest[];
  items: Map<string, ItemRecord>;
  tasks: Map<string, TaskRecord>;
}

/** A record that could not be read: named by its key, never by its content. */
export interface RecordProblem {
  key: string;
  reason: string;
}

export interface ScanResult {
  partitions: Map<string, TrustPartition>;
  problems: RecordProblem[];
  recordsRead: number;
}

export type DigestClaim = 'claimed' | 'already-sent' | 'in-progress';

export interface Usage {
  readCapacity: number;
  writeCapacity: number;
  /** Write requests of trust data (items, tasks, records); run records and the ledger excluded. */
  dataWrites: number;
}

const MAX_BATCH_ATTEMPTS = 8;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string }).name === 'ConditionalCheckFailedException'
  );
}

function describeZodError(err: z.core.$ZodError): string {
  const issue = err.issues[0]!;
  return `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`;
}

export function emptyPartition(trustId: string): TrustPartition {
  return {
    trustId,
    profile: null,
    coreServices: [],
    wellLedInspections: [],
    providerInformationRequests: [],
    items: new Map(),
    tasks: new Map(),
  };
}

/** The trust record a partition describes, or null when it has no profile. */
export function trustOf(p: TrustPartition): TrustRecord | null {
  if (!p.profile) return null;
  return {
    trustId: p.trustId,
    name: p.profile.name,
    sector: p.profile.sector,
    region: p.profile.region,
    relationshipHolder: p.profile.relationshipHolder,
    coreServices: p.coreServices,
    wellLedInspections: p.wellLedInspections,
    providerInformationRequests: p.providerInformationRequests,
  };
}

/**
 * Sorts raw table records into trust partitions, parsing each with its schema. Records of
 * other partitions (runs, ledger, meta) are passed over.
 */
export function addRecords(
  raw: readonly Record<string, unknown>[],
  partitions: Map<string, TrustPartition>,
  problems: RecordProblem[],
): void {
  for (const record of raw) {
    const pk = String(record.PK ?? '');
    const sk = String(record.SK ?? '');
    if (!pk.startsWith('TRUST#')) continue;
    const trustId = pk.slice('TRUST#'.length);
    let p = partitions.get(trustId);
    if (!p) {
      p = emptyPartition(trustId);
      partitions.set(trustId, p);
    }
    const fail = (reason: string) => problems.push({ key: `${pk} ${sk}`, reason });
    const parse = <S extends z.ZodMiniType>(schema: S): z.infer<S> | null => {
      const result = schema.safeParse(record);
      if (result.success) return result.data;
      fail(describeZodError(result.error));
      return null;
    };
    if (sk === PROFILE_SK) {
      p.profile = parse(profileRecordSchema);
    } else if (sk.startsWith('CS#')) {
      // The domain schemas drop the table's own attributes (PK, SK, type) as they parse.
      const cs = parse(coreServiceSchema);
      if (cs) p.coreServices.push(cs);
    } else if (sk.startsWith('WL#')) {
      const wl = parse(wellLedInspectionSchema);
      if (wl) p.wellLedInspections.push(wl);
    } else if (sk.startsWith('PIR#')) {
      const pir = parse(providerInformationRequestSchema);
      if (pir) p.providerInformationRequests.push(pir);
    } else if (sk.startsWith('ITEM#')) {
      // Derived data the job itself wrote: checked, not fully parsed (the hot path of every
      // night). One that does not check out is left out here, so the plan rewrites it.
      const item = readItemRecord(record);
      if (item) p.items.set(item.itemId, item);
    } else if (sk.startsWith('TASK#')) {
      const task = parse(taskRecordSchema);
      if (task) p.tasks.set(task.inspectionId, task);
    } else {
      fail('unknown record kind');
    }
  }
}

const STAGE_SET = new Set<unknown>(STAGES);
const KIND_SET = new Set<unknown>(DUE_KINDS);
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

/** A stored due item, if it has the shape the job compares against; else null. */
export function readItemRecord(r: Record<string, unknown>): ItemRecord | null {
  const holder = r.relationshipHolder as { name?: unknown; email?: unknown } | null | undefined;
  const ok =
    typeof r.itemId === 'string' &&
    KIND_SET.has(r.kind) &&
    typeof r.dueBy === 'string' &&
    typeof r.basisDate === 'string' &&
    STAGE_SET.has(r.stage) &&
    (r.notifiedStage === undefined || r.notifiedStage === null || STAGE_SET.has(r.notifiedStage)) &&
    isStringOrNull(r.rating ?? null) &&
    isStringOrNull(r.trustName ?? null) &&
    isStringOrNull(r.region ?? null) &&
    isStringOrNull(r.locationName ?? null) &&
    isStringOrNull(r.reference ?? null) &&
    (holder === null ||
      holder === undefined ||
      (typeof holder.name === 'string' && typeof holder.email === 'string'));
  if (!ok) return null;
  return {
    ...(r as ItemRecord),
    notifiedStage: (r.notifiedStage as ItemRecord['notifiedStage']) ?? null,
    relationshipHolder: (holder as ItemRecord['relationshipHolder']) ?? null,
  };
}

/** The table records a trust record becomes (profile, core services, well-led inspections, PIRs). */
export function recordsOfTrust(trust: TrustRecord): Record<string, unknown>[] {
  const pk = trustPk(trust.trustId);
  return [
    {
      PK: pk,
      SK: PROFILE_SK,
      type: 'trust',
      trustId: trust.trustId,
      name: trust.name,
      sector: trust.sector,
      region: trust.region,
      relationshipHolder: trust.relationshipHolder,
    },
    ...trust.coreServices.map((cs) => ({
      PK: pk,
      SK: coreServiceSk(cs.locationId, cs.service),
      type: 'core-service',
      ...cs,
    })),
    ...trust.wellLedInspections.map((wl) => ({
      PK: pk,
      SK: wellLedSk(wl.inspectionId),
      type: 'well-led',
      ...wl,
    })),
    ...trust.providerInformationRequests.map((pir) => ({
      PK: pk,
      SK: pirSk(pir.requestId),
      type: 'pir',
      ...pir,
    })),
  ];
}

/** The store on a table: in AWS, or on a local stand-in when `endpoint` is given. */
export function makeTrustStore(where: Endpoint & { tableName: string }): TrustStore {
  return new TrustStore({ client: makeDocumentClient(where), tableName: where.tableName });
}

export interface TrustStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The trust store: the scheduler's one DynamoDB table. Every write that must happen once
 * (a task, a digest) is a single-item conditional write, so retries and concurrent runs are safe.
 */
export class TrustStore {
  readonly tableName: string;
  private readonly client: DynamoDBDocumentClient;
  readonly usage: Usage = { readCapacity: 0, writeCapacity: 0, dataWrites: 0 };

  constructor(options: TrustStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  private count(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write') {
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      if (kind === 'read') this.usage.readCapacity += c.CapacityUnits ?? c.ReadCapacityUnits ?? 0;
      else this.usage.writeCapacity += c.CapacityUnits ?? c.WriteCapacityUnits ?? 0;
    }
  }

  /**
   * A single-item conditional write, the scheduler's way of doing a thing once: true if it was
   * applied, false if its condition did not hold (someone did it already, or the state moved on).
   */
  private async conditionalWrite(
    command: PutCommand | UpdateCommand,
    options: { dataWrite?: boolean } = {},
  ): Promise<boolean> {
    try {
      const out: { ConsumedCapacity?: ConsumedCapacity } = await this.client.send(command as PutCommand);
      this.count(out.ConsumedCapacity, 'write');
      if (options.dataWrite ?? true) this.usage.dataWrites++;
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

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
        let start: Record<string, unknown> | undefined;
        do {
          const page = await this.client.send(
            new ScanCommand({
              TableName: this.tableName,
              Segment: segment,
              TotalSegments: segments,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          this.count(page.ConsumedCapacity, 'read');
          const items = page.Items ?? [];
          result.recordsRead += items.length;
          addRecords(items, result.partitions, result.problems);
          await options.onPage?.(items.length);
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
    return result;
  }

  /** Whether the table holds no record at all. */
  async isEmpty(): Promise<boolean> {
    const out = await this.client.send(new ScanCommand({ TableName: this.tableName, Limit: 1 }));
    return (out.Items?.length ?? 0) === 0;
  }

  /** Everything stored for one trust (one Query on its partition). */
  async readTrust(trustId: string, problems: RecordProblem[] = []): Promise<TrustPartition> {
    const partitions = new Map<string, TrustPartition>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': trustPk(trustId) },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.count(page.ConsumedCapacity, 'read');
      addRecords(page.Items ?? [], partitions, problems);
      start = page.LastEvaluatedKey;
    } while (start);
    return partitions.get(trustId) ?? emptyPartition(trustId);
  }

  /**
   * Writes and deletes records in batches of 25, retrying unprocessed items with exponential
   * backoff. Throws if any remain after the retries, so nothing is silently dropped.
   */
  async batchWrite(
    puts: Record<string, unknown>[],
    deletes: { PK: string; SK: string }[] = [],
  ): Promise<void> {
    const requests = [
      ...puts.map((Item) => ({ PutRequest: { Item } })),
      ...deletes.map((Key) => ({ DeleteRequest: { Key } })),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      let pending: typeof requests = requests.slice(i, i + 25);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_BATCH_ATTEMPTS) {
          throw new Error(
            `batch write: ${pending.length} records still unprocessed after ${MAX_BATCH_ATTEMPTS} attempts`,
          );
        }
        if (attempt > 1) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
        const out = await this.client.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: pending },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.count(out.ConsumedCapacity, 'write');
        const unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        this.usage.dataWrites += pending.length - unprocessed.length;
        pending = unprocessed;
      }
    }
  }

  /**
   * Records an evaluated item: its fields, due-date index keys and stage. Leaves the
   * notification state alone, so a digest already sent is not forgotten.
   */
  async saveItem(itemId: string, item: DueItem, asOf: string, stageChanged: boolean): Promise<void> {
    const fields: Record<string, unknown> = {
      type: 'item',
      itemId,
      kind: item.kind,
      trustId: item.trustId,
      trustName: item.trustName,
      region: item.region,
      locationId: item.locationId,
      locationName: item.locationName,
      service: item.service,
      rating: item.rating,
      reference: item.reference,
      basisDate: item.basisDate,
      dueBy: item.dueBy,
      relationshipHolder: item.relationshipHolder,
      stage: item.stage,
      GSI1PK: dueMonthPk(item.dueBy),
      GSI1SK: `${item.dueBy}#${itemId}`,
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([key, value], i) => {
      names[`#f${i}`] = key;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    sets.push('notifiedStage = if_not_exists(notifiedStage, :null)');
    values[':null'] = null;
    if (stageChanged) {
      sets.push(
        'stageChangedOn = :asOf',
        'stageHistory = list_append(if_not_exists(stageHistory, :empty), :entry)',
      );
      values[':asOf'] = asOf;
      values[':empty'] = [];
      values[':entry'] = [{ on: asOf, stage: item.stage }];
    } else {
      sets.push('stageChangedOn = if_not_exists(stageChangedOn, :asOf)');
      values[':asOf'] = asOf;
    }
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: trustPk(item.trustId), SK: itemSk(itemId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.count(out.ConsumedCapacity, 'write');
    this.usage.dataWrites++;
  }

  /** Removes an item that no longer applies (report published, PIR met, service re-rated away). */
  async deleteItems(trustId: string, itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    await this.batchWrite(
      [],
      itemIds.map((id) => ({ PK: trustPk(trustId), SK: itemSk(id) })),
    );
  }

  /** Raises a report task once: true if this call created it, false if it already existed. */
  async raiseTask(task: Omit<TaskRecord, 'PK' | 'SK' | 'type'>): Promise<boolean> {
    return this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: trustPk(task.trustId),
          SK: taskSk(task.inspectionId),
          type: 'task',
          ...task,
          GSI2PK: `TASK#${task.status}`,
          GSI2SK: `${task.dueBy}#${task.trustId}#${task.inspectionId}`,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /** Closes an open task: true if this call closed it. */
  async closeTask(
    task: Pick<TaskRecord, 'trustId' | 'inspectionId' | 'dueBy'>,
    closedOn: string,
  ): Promise<boolean> {
    return this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: trustPk(task.trustId), SK: taskSk(task.inspectionId) },
        UpdateExpression: 'SET #status = :closed, closedOn = :on, GSI2PK = :pk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':open': 'open',
          ':on': closedOn,
          ':pk': 'TASK#closed',
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /** Report tasks by status, from the tasks index, soonest due first. */
  async listTasks(status: 'open' | 'closed'): Promise<TaskRecord[]> {
    const tasks: TaskRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TASK_INDEX,
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `TASK#${status}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const raw of page.Items ?? []) tasks.push(taskRecordSchema.parse(raw));
      start = page.LastEvaluatedKey;
    } while (start);
    return tasks;
  }

  /** Marks an item's stage as delivered, unless its stage moved on meanwhile. */
  async markNotified(trustId: string, itemId: string, stage: Stage): Promise<boolean> {
    return this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: trustPk(trustId), SK: itemSk(itemId) },
        UpdateExpression: 'SET notifiedStage = :stage',
        ConditionExpression: 'attribute_exists(PK) AND #stage = :stage',
        ExpressionAttributeNames: { '#stage': 'stage' },
        ExpressionAttributeValues: { ':stage': stage },
      }),
      // Delivery bookkeeping by send-digest, not a change to the trust's due work.
      { dataWrite: false },
    );
  }

  /**
   * One page of due items of a month from the due-date index, in due-date order: either from the
   * start of the month below `before` (a GSI1SK bound), or after `after` (a cursor position).
   */
  async queryDueMonth(
    month: string,
    range: { before: string } | { after: string },
    options: {
      limit?: number;
      exclusiveStartKey?: Record<string, unknown>;
      filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
    } = {},
  ): Promise<{ items: Record<string, unknown>[]; lastKey: Record<string, unknown> | undefined }> {
    const isAfter = 'after' in range;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DUE_INDEX,
        KeyConditionExpression: `GSI1PK = :pk AND GSI1SK ${isAfter ? '>' : '<'} :bound`,
        ExpressionAttributeValues: {
          ':pk': `DUE#${month}`,
          ':bound': isAfter ? range.after : range.before,
          ...options.filter?.values,
        },
        ...(options.filter
          ? { FilterExpression: options.filter.expression, ExpressionAttributeNames: options.filter.names }
          : {}),
        ExclusiveStartKey: options.exclusiveStartKey,
        Limit: options.limit,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.count(out.ConsumedCapacity, 'read');
    return { items: out.Items ?? [], lastKey: out.LastEvaluatedKey };
  }

  /**
   * The months that hold due items (a string set), so the due-date index is queried only where
   * there is data. The nightly job replaces the set; an import adds to it.
   */
  async saveDueMonths(months: string[], counts: Record<string, number> = {}): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: META_PK,
          SK: DUE_MONTHS_SK,
          type: 'meta',
          counts,
          ...(months.length > 0 ? { months: new Set(months) } : {}),
        },
      }),
    );
  }

  async addDueMonths(months: string[]): Promise<void> {
    if (months.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: META_PK, SK: DUE_MONTHS_SK },
        UpdateExpression: 'ADD months :months SET #type = :meta',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':months': new Set(months), ':meta': 'meta' },
      }),
    );
  }

  async readDueMonths(): Promise<string[] | null> {
    return (await this.readDueMonthIndex())?.months ?? null;
  }

  /** The months that hold due items, with how many items each held at the last nightly run. */
  async readDueMonthIndex(): Promise<{ months: string[]; counts: Record<string, number> } | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: META_PK, SK: DUE_MONTHS_SK } }),
    );
    if (!out.Item) return null;
    return {
      months: [...((out.Item.months as Set<string> | undefined) ?? [])].sort(),
      counts: (out.Item.counts as Record<string, number> | undefined) ?? {},
    };
  }

  async putRun(run: { runId: string } & Record<string, unknown>, nowSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: RUN_PK,
          SK: run.runId,
          type: 'run',
          ...run,
          expiresAt: nowSeconds + RETENTION_DAYS * 86400,
        },
      }),
    );
  }

  async getRun(runId: string): Promise<Record<string, unknown> | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: RUN_PK, SK: runId } }),
    );
    return out.Item ?? null;
  }

  async latestRun(): Promise<Record<string, unknown> | null> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': RUN_PK },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return out.Items?.[0] ?? null;
  }

  /**
   * Claims the right to send one digest. A digest already sent is never sent again; one being
   * sent by another worker is left to it unless its claim is older than `staleBefore`.
   */
  async claimDigest(
    runId: string,
    email: string,
    part: number,
    now: string,
    staleBefore: string,
    nowSeconds: number,
  ): Promise<DigestClaim> {
    const Key = { PK: digestPk(runId), SK: digestSk(email, part) };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression:
            'SET #status = :sending, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one, #type = :ledger, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':now': now,
            ':stale': staleBefore,
            ':zero': 0,
            ':one': 1,
            ':ledger': 'digest-ledger',
            ':expires': nowSeconds + RETENTION_DAYS * 86400,
          },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      return current.Item?.status === 'sent' ? 'already-sent' : 'in-progress';
    }
  }

  async finishDigest(
    runId: string,
    email: string,
    part: number,
    outcome:
      | { status: 'sent'; messageId: string; items: number }
      | { status: 'failed'; reason: string; permanent: boolean },
    now: string,
  ): Promise<void> {
    const values: Record<string, unknown> = { ':status': outcome.status, ':now': now };
    let update = 'SET #status = :status, finishedAt = :now';
    if (outcome.status === 'sent') {
      update += ', messageId = :mid, itemCount = :items';
      values[':mid'] = outcome.messageId;
      values[':items'] = outcome.items;
    } else {
      update += ', failure = :reason, permanent = :permanent';
      values[':reason'] = outcome.reason;
      values[':permanent'] = outcome.permanent;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: digestPk(runId), SK: digestSk(email, part) },
        UpdateExpression: update,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async getDigest(runId: string, email: string, part: number): Promise<Record<string, unknown> | null> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: digestPk(runId), SK: digestSk(email, part) },
        ConsistentRead: true,
      }),
    );
    return out.Item ?? null;
  }
}
