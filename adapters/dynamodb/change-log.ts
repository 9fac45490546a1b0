import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ActionRefused } from '../../domain/actions.ts';
import type * as z from '../../domain/zod.ts';
import type { Table } from './table.ts';

/**
 * A log of kept changes under one partition key and key prefix (`#TRUST#v000001`, `#USER#v…`):
 * each a record put once, never rewritten (the app's IAM Deny holds the ACTIONS# family), read
 * back field by field, a record that no longer reads named by its version, never hidden.
 */
export class ChangeLog<T extends { version: number }> {
  constructor(
    private readonly table: Table,
    private readonly prefix: string,
    private readonly type: string,
    private readonly schema: () => z.ZodMiniType<T>,
  ) {}

  private sk(version: number): string {
    return `${this.prefix}${String(version).padStart(6, '0')}`;
  }

  /** Every change, oldest first, and the versions of any that do not read. */
  async list(pk: string): Promise<{ changes: T[]; unreadable: number[] }> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': this.prefix },
      }),
    );
    const changes: T[] = [];
    const unreadable: number[] = [];
    for (const row of out.Items ?? []) {
      const parsed = this.schema().safeParse(row);
      if (parsed.success) changes.push(parsed.data);
      else unreadable.push(Number(String(row.SK).slice(this.prefix.length)));
    }
    return { changes, unreadable };
  }

  /** Keeps the change's record; a 409 saying `taken` when another took its version first. */
  async put(pk: string, change: T, taken: string): Promise<void> {
    const took = await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: pk, SK: this.sk(change.version), type: this.type, ...change },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
      { dataWrite: false },
    );
    if (!took) throw new ActionRefused(409, null, taken);
  }
}
