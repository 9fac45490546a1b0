import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import type { TrustRecord } from '../../domain/records.ts';
import { type TrustChange, trustChangeSchema } from '../../domain/trust-changes.ts';
import { ChangeLog } from './change-log.ts';
import { actionsPk, itemSk, PROFILE_SK, TRUST_CHANGE_PREFIX, trustPk } from './keys.ts';
import type { Table } from './table.ts';

/**
 * What admins changed of a trust: a record per change in the trust's action partition (put
 * only, never rewritten: the app's IAM Deny holds it), then the one profile field it changes.
 * A record that no longer reads is named, never hidden.
 */
export class TrustChangesRepository {
  private readonly log: ChangeLog<TrustChange>;

  constructor(private readonly table: Table) {
    this.log = new ChangeLog(table, TRUST_CHANGE_PREFIX, 'trust-change', trustChangeSchema);
  }

  /** Every change of the trust, oldest first, and the versions of any that do not read. */
  list(trustId: string): Promise<{ changes: TrustChange[]; unreadable: number[] }> {
    return this.log.list(actionsPk(trustId));
  }

  /**
   * Keeps the change's record (refused with a 409 when another took its version first), then
   * sets the profile field it changes on the trust as it is after; a new holder goes on the
   * trust's due items too (`itemIds`), so lists of due work show it at once (the night tells them).
   */
  async record(record: TrustChange, after: TrustRecord, itemIds: readonly string[] = []): Promise<void> {
    await this.log.put(
      actionsPk(record.trustId),
      record,
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
