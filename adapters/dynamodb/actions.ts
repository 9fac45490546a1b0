import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ActionRecord, ActionRefused, type ActionRequest, applyAction } from '../../domain/actions.ts';
import { type ItemState, itemStateSchema, OPEN } from '../../domain/item-state.ts';
import { actionSk, actionsPk, itemSk, trustPk } from './keys.ts';
import type { Table } from './table.ts';

/** An action as the table keeps it: the record, and the item's state it made. */
type StoredAction = ActionRecord & { state: ItemState };

/**
 * What people do with due items, kept so no one can rewrite it, with single-item conditional
 * writes (dynalite, the local stack's DynamoDB, has no transactions):
 *
 * 1. the action's record is written first, keyed by the version it makes, only if that version
 *    is not taken: of two people acting on one version, one writes it and the other is told the
 *    item changed under them;
 * 2. then the item's state, only if the item is still at the version before.
 *
 * If a writer stops between the two, the record is there and the item one version behind: the
 * next reader or writer applies it (rolls forward) before anything else, so nothing recorded is
 * lost, and nothing applies that was not recorded.
 */
export class ActionsRepository {
  constructor(private readonly table: Table) {}

  /** The item's state as people left it (rolled forward to its last record). */
  async state(trustId: string, itemId: string): Promise<ItemState | null> {
    const row = await this.readItem(trustId, itemId);
    if (!row) return null;
    return this.rollForward(trustId, itemId, row.state);
  }

  /** Applies one action to an item: its record, then its state. */
  async act(
    item: { trustId: string; itemId: string; dueBy: string; basisDate: string },
    req: ActionRequest,
  ): Promise<{ next: ItemState; record: ActionRecord }> {
    const row = await this.readItem(item.trustId, item.itemId);
    if (!row) throw new ActionRefused(404, 'itemId', `no open item with id "${item.itemId}"`);
    const state = await this.rollForward(item.trustId, item.itemId, row.state);
    const { next, record } = applyAction(item, state, req);
    const took = await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: actionsPk(item.itemId),
          SK: actionSk(record.version),
          type: 'action',
          trustId: item.trustId,
          ...record,
          state: next,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
      { dataWrite: false },
    );
    if (!took)
      throw new ActionRefused(
        409,
        'version',
        'someone else acted on this item just now: look at it again, then act',
      );
    await this.setState(item.trustId, item.itemId, state.version, next);
    return { next, record };
  }

  /** Every action on an item, oldest first. */
  async history(itemId: string): Promise<ActionRecord[]> {
    const records: ActionRecord[] = [];
    for await (const page of paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': actionsPk(itemId) },
        ConsistentRead: true,
      },
    ))
      for (const row of page.Items ?? []) records.push(recordOf(row as StoredAction));
    return records;
  }

  private async readItem(trustId: string, itemId: string): Promise<{ state: ItemState } | null> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(trustId), SK: itemSk(itemId) },
        ProjectionExpression: 'PK, itemState',
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    const parsed = itemStateSchema.safeParse(out.Item.itemState);
    return { state: parsed.success ? parsed.data : OPEN };
  }

  /** Applies any recorded action the item does not show yet (a writer that stopped halfway). */
  private async rollForward(trustId: string, itemId: string, state: ItemState): Promise<ItemState> {
    let current = state;
    for (;;) {
      const out = await this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: { PK: actionsPk(itemId), SK: actionSk(current.version + 1) },
          ConsistentRead: true,
        }),
      );
      if (!out.Item) return current;
      const next = itemStateSchema.parse((out.Item as StoredAction).state);
      await this.setState(trustId, itemId, current.version, next);
      current = next;
    }
  }

  /** Sets the item's state if it is still at `fromVersion` (someone else may have rolled it on). */
  private async setState(trustId: string, itemId: string, fromVersion: number, next: ItemState) {
    await this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(trustId), SK: itemSk(itemId) },
        UpdateExpression: 'SET itemState = :next',
        ConditionExpression:
          fromVersion === 0
            ? 'attribute_exists(PK) AND (attribute_not_exists(itemState) OR itemState.version = :from)'
            : 'attribute_exists(PK) AND itemState.version = :from',
        ExpressionAttributeValues: { ':next': next, ':from': fromVersion },
      }),
      { dataWrite: false },
    );
  }
}

function recordOf(row: StoredAction): ActionRecord {
  return {
    itemId: row.itemId,
    version: row.version,
    action: row.action,
    from: row.from,
    to: row.to,
    by: row.by,
    role: row.role,
    at: row.at,
    reason: row.reason ?? null,
    note: row.note ?? null,
    on: row.on ?? null,
    waiverReason: row.waiverReason ?? null,
    basisDate: row.basisDate,
  };
}
