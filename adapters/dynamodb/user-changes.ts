import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ActionRefused } from '../../domain/actions.ts';
import { type UserChange, userChangeSchema } from '../../domain/user-changes.ts';
import { ACTIONS_PREFIX } from './keys.ts';
import type { Table } from './table.ts';

/** The changes admins made to who may sign in: put only, in the action records' family (never rewritten). */
const USERS_PK = `${ACTIONS_PREFIX}~users`;
const sk = (version: number) => `#USER#v${String(version).padStart(6, '0')}`;

export class UserChangesRepository {
  constructor(private readonly table: Table) {}

  /** Every change, oldest first, and the versions of any that do not read. */
  async list(): Promise<{ changes: UserChange[]; unreadable: number[] }> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': USERS_PK, ':prefix': '#USER#v' },
      }),
    );
    const changes: UserChange[] = [];
    const unreadable: number[] = [];
    for (const row of out.Items ?? []) {
      const parsed = userChangeSchema().safeParse(row);
      if (parsed.success) changes.push(parsed.data);
      else unreadable.push(Number(String(row.SK).slice('#USER#v'.length)));
    }
    return { changes, unreadable };
  }

  /** Keeps the change's record; a 409 when another took its version first. */
  async record(change: UserChange): Promise<void> {
    const took = await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: USERS_PK, SK: sk(change.version), type: 'user-change', ...change },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
      { dataWrite: false },
    );
    if (!took)
      throw new ActionRefused(409, null, 'Another admin changed the users just now: look again, then change');
  }
}
