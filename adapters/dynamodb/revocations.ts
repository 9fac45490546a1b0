import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { REVOKED_SK, revokedPk, TTL_ATTRIBUTE } from './keys.ts';
import type { Table } from './table.ts';

/**
 * Signed-out sessions: each access token's id, kept until the token would have expired (DynamoDB
 * TTL deletes it later; until then the expiry is checked here too), so a signed-out token is
 * refused wherever it is presented, in AWS and on the local stack alike.
 */
export class RevocationsRepository {
  constructor(
    private readonly table: Table,
    private readonly now: () => number = Date.now,
  ) {}

  async revoke(tokenId: string, expiresAt: number): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: revokedPk(tokenId), SK: REVOKED_SK, type: 'revoked-session', [TTL_ATTRIBUTE]: expiresAt },
      }),
    );
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: revokedPk(tokenId), SK: REVOKED_SK },
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined && Number(out.Item[TTL_ATTRIBUTE]) * 1000 > this.now();
  }
}
