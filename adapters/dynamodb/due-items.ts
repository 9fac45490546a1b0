import { GetCommand, PutCommand, paginateQuery, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { type ClosedItem, closureOf } from '../../domain/closed-item.ts';
import type { Told } from '../../domain/delivery.ts';
import type { DueItem, StoredItem } from '../../domain/due-item.ts';
import type { ItemSave } from '../../domain/night-plan.ts';
import {
  closedSk,
  coreServiceSk,
  DUE_INDEX,
  DUE_MONTHS_SK,
  dueMonthPk,
  itemSk,
  META_PK,
  PROFILE_SK,
  trustPk,
} from './keys.ts';
import { setEach } from './table.ts';
import { ToCheckRecords } from './to-check-records.ts';

/** How an item is saved: over a new basis (its delivery state starts afresh), or repaired whole. */
export type SaveHow = Pick<ItemSave, 'newBasis' | 'repair'>;

/** The table record of a closed item: in its trust's partition, beside the history of retirements. */
export function closureRecord(closed: ClosedItem): Record<string, unknown> {
  return { PK: trustPk(closed.item.trustId), SK: closedSk(closed.itemId), type: 'closed-item', ...closed };
}

export interface DueMonthIndex {
  months: string[];
  counts: Record<string, number>;
}

export interface ItemFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * Due work: the nightly job's record of each obligation (its stage and what was delivered), the
 * months that hold them, and the trusts to check by hand, whose ratings give no due date.
 */
export class DueItemsRepository extends ToCheckRecords {
  /**
   * Records an evaluated item: its fields, due-date index keys and stage. Leaves the delivery
   * state alone once it exists (`told` is only initialised), so nothing told is forgotten.
   * Never brings back what was retired meanwhile (the sync deletes a location's records and
   * items while a night runs): an update is conditional on the item existing (false when it is
   * gone: nothing written), and a new item is checked against its source afterwards, per trust
   * (`dropUnsourced`). A stage is never written dated before the one recorded (false too).
   */
  async save(
    itemId: string,
    item: DueItem,
    asOf: string,
    stageChanged: boolean,
    told: Told = {},
    isNew = false,
    how: SaveHow = {},
  ): Promise<boolean> {
    const { daysRemaining: _moves, ...content } = item;
    // A new item (most of a first night) is one conditional Put, cheaper than the Update below;
    // if another run created it meanwhile, the Update merges with what that run recorded.
    if (isNew && (await this.create(itemId, content, asOf, told))) return true;
    if (how.repair) return this.create(itemId, content, asOf, told, how.repair);
    const fields: Record<string, unknown> = {
      type: 'item',
      itemId,
      ...content,
      GSI1PK: dueMonthPk(item.dueBy),
      GSI1SK: `${item.dueBy}#${itemId}`,
    };
    const { sets, names, values } = setEach(fields);
    // A new basis is a new item: what was told of the old one is told no more.
    sets.push(how.newBasis ? 'told = :told' : 'told = if_not_exists(told, :told)');
    values[':told'] = told;
    values[':asOf'] = asOf;
    let condition = 'attribute_exists(PK)';
    if (stageChanged) {
      sets.push(
        'stageChangedOn = :asOf',
        'stageHistory = list_append(if_not_exists(stageHistory, :empty), :entry)',
      );
      values[':empty'] = [];
      values[':entry'] = [{ on: asOf, stage: item.stage }];
      // Stages move forward: an evaluation older than the recorded stage change writes nothing.
      condition += ' AND (attribute_not_exists(stageChangedOn) OR stageChangedOn <= :asOf)';
    } else {
      sets.push('stageChangedOn = if_not_exists(stageChangedOn, :asOf)');
    }
    return this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(item.trustId), SK: itemSk(itemId) },
        // notifiedStage: the delivery state before it was kept per recipient, now carried in `told`.
        // sourceProblem: set by flag() while a source record could not be read; evaluated again now.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE notifiedStage, sourceProblem`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /**
   * Of the items just created for one trust, deletes those whose source record is gone (its
   * core service for a re-inspection, the trust's profile for the rest: what a retirement
   * deletes) and returns their ids. A consistent Query of the trust's core services (and a read of its profile), not a read per item.
   */
  async dropUnsourced(
    trustId: string,
    created: readonly { itemId: string; item: DueItem }[],
  ): Promise<string[]> {
    if (created.length === 0) return [];
    const stored = new Set<string>();
    if (created.some(({ item }) => item.kind === 'reinspection')) {
      const pages = paginateQuery(
        { client: this.table.client },
        {
          TableName: this.table.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :cs)',
          ExpressionAttributeValues: { ':pk': trustPk(trustId), ':cs': 'CS#' },
          ProjectionExpression: 'SK',
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        },
      );
      for await (const page of pages) {
        this.table.count(page.ConsumedCapacity, 'read');
        for (const row of page.Items ?? []) stored.add(String(row.SK));
      }
    }
    if (created.some(({ item }) => item.kind !== 'reinspection')) {
      const out = await this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: { PK: trustPk(trustId), SK: PROFILE_SK },
          ProjectionExpression: 'SK',
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.table.count(out.ConsumedCapacity, 'read');
      if (out.Item) stored.add(PROFILE_SK);
    }
    const sourceOf = (item: DueItem) =>
      item.kind === 'reinspection' ? coreServiceSk(item.locationId ?? '', item.service ?? '') : PROFILE_SK;
    const lost = created.filter(({ item }) => !stored.has(sourceOf(item))).map((c) => c.itemId);
    await this.drop(trustId, lost);
    return lost;
  }

  /**
   * Writes an item whole: a new one (only if absent), or, with `repair`, over a stored one whose
   * form is damaged (only if present: a retired item stays gone), keeping what of it still read.
   */
  private async create(
    itemId: string,
    content: Omit<DueItem, 'daysRemaining'>,
    asOf: string,
    told: Told,
    repair?: SaveHow['repair'],
  ): Promise<boolean> {
    const history = repair?.stageHistory ?? [];
    const last = history.at(-1);
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
          stageChangedOn: last?.stage === content.stage ? last.on : asOf,
          stageHistory:
            last?.stage === content.stage ? history : [...history, { on: asOf, stage: content.stage }],
          ...(repair?.itemState ? { itemState: repair.itemState } : {}),
        },
        ConditionExpression: repair ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /**
   * Closes items that no longer apply (report published, PIR met, service re-rated away),
   * keeping what each was, when and why (its closure), so it keeps its page and history.
   */
  async close(trustId: string, items: readonly StoredItem[], on: string): Promise<void> {
    if (items.length === 0) return;
    await this.table.batchWrite(
      items.map((i) => closureRecord(closureOf(i, on, 'no-longer-due'))),
      items.map((i) => ({ PK: trustPk(trustId), SK: itemSk(i.itemId) })),
    );
  }

  /** Deletes items written this night whose source is gone: they never were, so no closure. */
  private async drop(trustId: string, itemIds: readonly string[]): Promise<void> {
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
}
