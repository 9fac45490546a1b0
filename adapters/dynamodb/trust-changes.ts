import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { ActionRefused } from '../../domain/actions.ts';
import type { TrustRecord } from '../../domain/records.ts';
import { type TrustChange, trustChangeSchema } from '../../domain/trust-changes.ts';
import { actionsPk, itemSk, PROFILE_SK, TRUST_CHANGE_PREFIX, trustChangeSk, trustPk } from './keys.ts';
import type { Table } from './table.ts';

/**
 * What admins changed of a trust: a record per change in the trust's action partition (put
 * only, never rewritten: the app's IAM Deny holds it), then the one profile field it changes.
 * A record that no longer reads is named, never hidden.
 */
export class TrustChangesRepository {
  constructor(private readonly table: Table) {}

  /** Every change of the trust, oldest first, and the versions of any that do not read. */
  async list(trustId: string): Promise<{ changes: TrustChange[]; unreadable: number[] }> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': actionsPk(trustId), ':prefix': TRUST_CHANGE_PREFIX },
      }),
    );
    const changes: TrustChange[] = [];
    const unreadable: number[] = [];
    for (const row of out.Items ?? []) {
      const parsed = trustChangeSchema().safeParse(row);
      if (parsed.success) changes.push(parsed.data);
      else unreadable.push(Number(String(row.SK).slice(TRUST_CHANGE_PREFIX.length)));
    }
    return { changes, unreadable };
  }

  /**
   * Keeps the change's record (refused with a 409 when another took its version first), then
   * sets the profile field it changes on the trust as it is after; a new holder goes on the
   * trust's due items too (`itemIds`), so lists of due work show it at once (the night tells them).
   */
  async record(record: TrustChange, after: TrustRecord, itemIds: readonly string[] = []): Promise<void> {
    const took = await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: actionsPk(record.trustId),
          SK: trustChangeSk(record.version),
          type: 'trust-change',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
      { dataWrite: false },
    );
    if (!took)
      throw new ActionRefused(
        409,
        null,
        'Someone changed this trust just now: look at it again, then change it',
      );
    const field = record.change === 'holder' ? 'relationshipHolder' : 'checked';
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(record.trustId), SK: PROFILE_SK },
        UpdateExpression: 'SET #field = :value',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#field': field },
        ExpressionAttributeValues: { ':value': after[field] ?? null },
      }),
    );
    if (record.change !== 'holder') return;
    await pMap(
      itemIds,
      (itemId) =>
        this.table.conditionalWrite(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: { PK: trustPk(record.trustId), SK: itemSk(itemId) },
            UpdateExpression: 'SET relationshipHolder = :holder',
            // An item retired meanwhile stays retired.
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':holder': after.relationshipHolder },
          }),
          { dataWrite: false },
        ),
      { concurrency: 8 },
    );
  }
}
