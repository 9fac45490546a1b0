import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import type { Told } from '../../domain/delivery.ts';
import type { DueItem } from '../../domain/due-item.ts';
import { assessmentOf, type ToCheck, toCheckSchema } from '../../domain/to-check.ts';
import {
  DUE_INDEX,
  DUE_MONTHS_SK,
  dueMonthPk,
  itemSk,
  META_PK,
  TASK_INDEX,
  TO_CHECK_GSI2PK,
  TO_CHECK_SK,
  trustPk,
} from './keys.ts';
import type { Table } from './table.ts';

export interface DueMonthIndex {
  months: string[];
  counts: Record<string, number>;
}

export interface ItemFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** `SET #f0 = :f0, …` for each field: an update that writes these and leaves the rest alone. */
function setEach(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  return { sets, names, values };
}

/**
 * Due work: the nightly job's record of each obligation (its stage and what was delivered), the
 * months that hold them, and the trusts to check by hand, whose ratings give no due date.
 */
export class DueItemsRepository {
  constructor(private readonly table: Table) {}

  /**
   * Records an evaluated item: its fields, due-date index keys and stage. Leaves the delivery
   * state alone once it exists (`told` is only initialised), so nothing told is forgotten.
   */
  async save(
    itemId: string,
    item: DueItem,
    asOf: string,
    stageChanged: boolean,
    told: Told = {},
    isNew = false,
  ): Promise<void> {
    const { daysRemaining: _moves, ...content } = item;
    // A new item (most of a first night) is one conditional Put, cheaper than the Update below;
    // if another run created it meanwhile, the Update merges with what that run recorded.
    if (isNew && (await this.create(itemId, content, asOf, told))) return;
    const fields: Record<string, unknown> = {
      type: 'item',
      itemId,
      ...content,
      GSI1PK: dueMonthPk(item.dueBy),
      GSI1SK: `${item.dueBy}#${itemId}`,
    };
    const { sets, names, values } = setEach(fields);
    sets.push('told = if_not_exists(told, :told)');
    values[':told'] = told;
    values[':asOf'] = asOf;
    if (stageChanged) {
      sets.push(
        'stageChangedOn = :asOf',
        'stageHistory = list_append(if_not_exists(stageHistory, :empty), :entry)',
      );
      values[':empty'] = [];
      values[':entry'] = [{ on: asOf, stage: item.stage }];
    } else {
      sets.push('stageChangedOn = if_not_exists(stageChangedOn, :asOf)');
    }
    const out = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(item.trustId), SK: itemSk(itemId) },
        // notifiedStage: the delivery state before it was kept per recipient, now carried in `told`.
        // sourceProblem: set by flag() while a source record could not be read; evaluated again now.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE notifiedStage, sourceProblem`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.table.count(out.ConsumedCapacity, 'write');
    this.table.usage.dataWrites++;
  }

  private async create(
    itemId: string,
    content: Omit<DueItem, 'daysRemaining'>,
    asOf: string,
    told: Told,
  ): Promise<boolean> {
    return this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: trustPk(content.trustId),
          SK: itemSk(itemId),
          type: 'item',
          itemId,
          ...content,
          GSI1PK: dueMonthPk(content.dueBy),
          GSI1SK: `${content.dueBy}#${itemId}`,
          told,
          stageChangedOn: asOf,
          stageHistory: [{ on: asOf, stage: content.stage }],
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /** Closes items that no longer apply (report published, PIR met, service re-rated away). */
  async close(trustId: string, itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    await this.table.batchWrite(
      [],
      itemIds.map((id) => ({ PK: trustPk(trustId), SK: itemSk(id) })),
    );
  }

  async flag(trustId: string, itemIds: string[], problem: string): Promise<void> {
    await pMap(
      itemIds,
      (id) =>
        this.table.conditionalWrite(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: { PK: trustPk(trustId), SK: itemSk(id) },
            UpdateExpression: 'SET sourceProblem = :problem',
            ConditionExpression:
              'attribute_exists(PK) AND (attribute_not_exists(sourceProblem) OR sourceProblem <> :problem)',
            ExpressionAttributeValues: { ':problem': problem },
          }),
        ),
      { concurrency: 8 },
    );
  }

  /**
   * One page of due items of a month from the due-date index, in due-date order: either from the
   * start of the month below `before` (a GSI1SK bound), or after `after` (a cursor position).
   */
  async queryMonth(
    month: string,
    range: { before: string } | { after: string },
    options: { limit?: number; exclusiveStartKey?: Record<string, unknown>; filter?: ItemFilter } = {},
  ): Promise<{ items: Record<string, unknown>[]; lastKey: Record<string, unknown> | undefined }> {
    const isAfter = 'after' in range;
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
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
    this.table.count(out.ConsumedCapacity, 'read');
    return { items: out.Items ?? [], lastKey: out.LastEvaluatedKey };
  }

  /**
   * The months that hold due items (a string set), so the due-date index is queried only where
   * there is data. The nightly job replaces the set; an import adds to it.
   */
  async saveMonths(index: DueMonthIndex): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: META_PK,
          SK: DUE_MONTHS_SK,
          type: 'meta',
          counts: index.counts,
          ...(index.months.length > 0 ? { months: new Set(index.months) } : {}),
        },
      }),
    );
  }

  async addMonths(months: string[]): Promise<void> {
    if (months.length === 0) return;
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: META_PK, SK: DUE_MONTHS_SK },
        UpdateExpression: 'ADD months :months SET #type = :meta',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':months': new Set(months), ':meta': 'meta' },
      }),
    );
  }

  /** The months that hold due items, with how many items each held at the last nightly run. */
  async readMonths(): Promise<DueMonthIndex | null> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: { PK: META_PK, SK: DUE_MONTHS_SK } }),
    );
    if (!out.Item) return null;
    return {
      months: [...((out.Item.months as Set<string> | undefined) ?? [])].sort(),
      counts: (out.Item.counts as Record<string, number> | undefined) ?? {},
    };
  }

  /**
   * Records a trust to check: its fields and the assessment it is about, listed on the tasks
   * index. What its recipients were told is only initialised, never overwritten.
   */
  async saveToCheck(toCheck: ToCheck): Promise<void> {
    const fields: Record<string, unknown> = {
      type: 'to-check',
      ...toCheck,
      assessment: assessmentOf(toCheck),
      GSI2PK: TO_CHECK_GSI2PK,
      GSI2SK: toCheck.trustId,
    };
    const { sets, names, values } = setEach(fields);
    values[':empty'] = {};
    const out = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(toCheck.trustId), SK: TO_CHECK_SK },
        UpdateExpression: `SET ${sets.join(', ')}, told = if_not_exists(told, :empty)`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.table.count(out.ConsumedCapacity, 'write');
    this.table.usage.dataWrites++;
  }

  /** The trust's ratings give due dates again: nothing is left to check. */
  async closeToCheck(trustId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: { PK: trustPk(trustId), SK: TO_CHECK_SK } }),
    );
  }

  /** Every trust to check, in trust order (one Query of the tasks index); rows that do not parse go to `onSkipped`. */
  async listToCheck(
    onSkipped: (skipped: { record: string; reason: string }) => void = () => {},
  ): Promise<ToCheck[]> {
    const out: ToCheck[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        IndexName: TASK_INDEX,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': TO_CHECK_GSI2PK },
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
    for await (const page of pages) {
      this.table.count(page.ConsumedCapacity, 'read');
      for (const raw of page.Items ?? []) {
        // The nightly job rewrites one that does not parse; until then it is left out.
        const parsed = toCheckSchema.safeParse(raw);
        if (parsed.success) out.push(parsed.data);
        else
          onSkipped({
            record: `${String(raw.PK)} ${String(raw.SK)}`,
            reason: `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`,
          });
      }
    }
    return out;
  }
}
