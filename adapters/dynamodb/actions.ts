import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ActionRecord,
  ActionRefused,
  type ActionRequest,
  applyAction,
  storedActionRecordSchema,
} from '../../domain/actions.ts';
import {
  type ItemState,
  itemStateSchema,
  type KeptState,
  OPEN,
  rolledForward,
} from '../../domain/item-state.ts';
import * as z from '../../domain/zod.ts';
import {
  ACTED_SK,
  ACTED_TRUSTS_GSI2PK,
  actionKeyOf,
  actionSk,
  actionsPk,
  itemSk,
  TASK_INDEX,
  trustPk,
} from './keys.ts';
import type { Table } from './table.ts';

/** A kept record that no longer reads as an action: named in the history, never hidden. */
export interface UnreadableAction {
  itemId: string;
  version: number;
  reason: string;
}

/** What people did, oldest first, and any record that could not be read. */
export interface ActionHistory {
  actions: ActionRecord[];
  unreadable: UnreadableAction[];
}

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
 * next reader, writer or night applies it (rolls forward) before anything else, so nothing
 * recorded is lost, and nothing applies that was not recorded. A record that no longer reads
 * still holds its version: the next action takes the version after it.
 */
export class ActionsRepository {
  /** Trusts this container has marked as acted on already. */
  private readonly marked = new Set<string>();

  constructor(private readonly table: Table) {}

  /** The item's state as people left it (rolled forward to its last record); null: no such item. */
  async state(trustId: string, itemId: string): Promise<ItemState | null> {
    const row = await this.readItem(trustId, itemId);
    if (!row) return null;
    return this.rollForward(trustId, itemId, row);
  }

  /** Applies one action to an item: its record, then its state. */
  async act(
    item: { trustId: string; itemId: string; dueBy: string; basisDate: string },
    req: ActionRequest,
  ): Promise<{ next: ItemState; record: ActionRecord }> {
    const row = await this.readItem(item.trustId, item.itemId);
    if (!row) throw new ActionRefused(404, 'itemId', `no open item with id "${item.itemId}"`);
    const state = await this.rollForward(item.trustId, item.itemId, row);
    const { next, record } = applyAction(item, state, req);
    await this.markActed(item.trustId);
    const took = await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: actionsPk(item.trustId),
          SK: actionSk(item.itemId, record.version),
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

  /** Every action on one item, oldest first: one Query on the item's keys. */
  async history(trustId: string, itemId: string): Promise<ActionHistory> {
    return historyOf(await this.itemRows(trustId, itemId));
  }

  /** The item's action records from version `from` on (one Query on its keys). */
  private async itemRows(trustId: string, itemId: string, from = 0): Promise<Record<string, unknown>[]> {
    const rows = await this.rows(trustId, { from: actionSk(itemId, from), to: actionSk(itemId, 999_999) });
    return rows.filter((r) => actionKeyOf(String(r.SK))?.itemId === itemId);
  }

  /** Every action on a trust's items, open, closed or retired alike: one Query. */
  async trustHistory(trustId: string): Promise<ActionHistory> {
    return historyOf(await this.rows(trustId));
  }

  /**
   * Marks the trust as acted on, before its record is written (only if it is not marked yet):
   * the night reads the action records of marked trusts only.
   */
  private async markActed(trustId: string): Promise<void> {
    if (this.marked.has(trustId)) return;
    await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: actionsPk(trustId),
          SK: ACTED_SK,
          type: 'acted-trust',
          trustId,
          GSI2PK: ACTED_TRUSTS_GSI2PK,
          GSI2SK: trustId,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
      { dataWrite: false },
    );
    this.marked.add(trustId);
  }

  /** The trusts people have acted on (one Query of the tasks index). */
  async actedTrusts(): Promise<Set<string>> {
    const marks = await this.table.listParsed(TASK_INDEX, ACTED_TRUSTS_GSI2PK, actedMarkSchema);
    return new Set(marks.map((m) => m.trustId));
  }

  /** Per item of the trust, the states its records made (for the night's roll-forward). */
  async keptStates(trustId: string): Promise<Map<string, KeptState[]>> {
    const out = new Map<string, KeptState[]>();
    for (const row of await this.rows(trustId, undefined, 'SK, #state')) {
      const kept = keptStateOf(row);
      if (!kept) continue;
      const list = out.get(kept.itemId) ?? [];
      list.push(kept);
      out.set(kept.itemId, list);
    }
    return out;
  }

  /**
   * One item's state (rolled forward; null: no such item) and its whole history, from one read
   * of the item and one Query of its action records, side by side.
   */
  async view(trustId: string, itemId: string): Promise<{ state: ItemState | null; history: ActionHistory }> {
    const [row, rows] = await Promise.all([this.readItem(trustId, itemId), this.itemRows(trustId, itemId)]);
    const history = historyOf(rows);
    if (!row) return { state: null, history };
    return { state: await this.applyKept(trustId, itemId, row, rows), history };
  }

  /**
   * Sets the item's state if it is still at `fromVersion` (someone else may have rolled it on);
   * `damaged`: the stored state did not read, and the records make it again from version 0.
   */
  async setState(
    trustId: string,
    itemId: string,
    fromVersion: number | 'damaged',
    next: ItemState,
  ): Promise<boolean> {
    const condition =
      fromVersion === 'damaged'
        ? 'attribute_exists(PK)'
        : fromVersion === 0
          ? 'attribute_exists(PK) AND (attribute_not_exists(itemState) OR itemState.version = :from)'
          : 'attribute_exists(PK) AND itemState.version = :from';
    return this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(trustId), SK: itemSk(itemId) },
        UpdateExpression: 'SET itemState = :next',
        ConditionExpression: condition,
        ExpressionAttributeValues: {
          ':next': next,
          ...(fromVersion === 'damaged' ? {} : { ':from': fromVersion }),
        },
      }),
      { dataWrite: false },
    );
  }

  private async rows(
    trustId: string,
    range?: { from: string; to: string },
    projection?: string,
  ): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const page of paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: range ? 'PK = :pk AND SK BETWEEN :from AND :to' : 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': actionsPk(trustId),
          ...(range ? { ':from': range.from, ':to': range.to } : {}),
        },
        ...(projection
          ? { ProjectionExpression: projection, ExpressionAttributeNames: { '#state': 'state' } }
          : {}),
        ConsistentRead: true,
      },
    ))
      rows.push(...((page.Items ?? []) as Record<string, unknown>[]));
    return rows;
  }

  private async readItem(
    trustId: string,
    itemId: string,
  ): Promise<{ state: ItemState; damaged: boolean } | null> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(trustId), SK: itemSk(itemId) },
        ProjectionExpression: 'PK, itemState',
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    if (out.Item.itemState === undefined) return { state: OPEN, damaged: false };
    const parsed = itemStateSchema.safeParse(out.Item.itemState);
    // A state that does not read is made again from the records, from version 0.
    return parsed.success ? { state: parsed.data, damaged: false } : { state: OPEN, damaged: true };
  }

  /** Applies any recorded action the item does not show yet (a writer that stopped halfway). */
  private async rollForward(
    trustId: string,
    itemId: string,
    row: { state: ItemState; damaged: boolean },
  ): Promise<ItemState> {
    return this.applyKept(trustId, itemId, row, await this.itemRows(trustId, itemId, row.state.version + 1));
  }

  /** The item's state once its records apply, written to the item if it was behind or damaged. */
  private async applyKept(
    trustId: string,
    itemId: string,
    { state, damaged }: { state: ItemState; damaged: boolean },
    rows: readonly Record<string, unknown>[],
  ): Promise<ItemState> {
    const next = rolledForward(
      state,
      rows.flatMap((r) => keptStateOf(r) ?? []),
    );
    if (next.version !== state.version || damaged)
      await this.setState(trustId, itemId, damaged ? 'damaged' : state.version, next);
    return next;
  }
}

/** The item of the action records marking the trusts people have acted on. */
const actedMarkSchema = z.object({ trustId: z.string() });

/** What an action record's key and stored state say, for rolling forward (null: not an action record). */
function keptStateOf(row: Record<string, unknown>): (KeptState & { itemId: string }) | null {
  const key = actionKeyOf(String(row.SK));
  if (!key) return null;
  const parsed = itemStateSchema.safeParse(row.state);
  return { ...key, state: parsed.success ? parsed.data : null };
}

/** The kept rows as a history: each record that reads, oldest first, and each that does not, named. */
function historyOf(rows: Record<string, unknown>[]): ActionHistory {
  const actions: ActionRecord[] = [];
  const unreadable: UnreadableAction[] = [];
  for (const row of rows) {
    const key = actionKeyOf(String(row.SK));
    if (!key) continue;
    const parsed = storedActionRecordSchema().safeParse(row);
    if (parsed.success && parsed.data.itemId === key.itemId && parsed.data.version === key.version)
      actions.push(parsed.data);
    else
      unreadable.push({
        ...key,
        reason: parsed.success
          ? 'its item or version is not the one its key names'
          : `${[...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'the record'))].join(', ')} could not be read`,
      });
  }
  actions.sort(
    (a, b) => a.at.localeCompare(b.at) || a.itemId.localeCompare(b.itemId) || a.version - b.version,
  );
  unreadable.sort((a, b) => a.itemId.localeCompare(b.itemId) || a.version - b.version);
  return { actions, unreadable };
}
