import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { digestPk, digestSk, RETENTION_DAYS } from './keys.ts';
import { isConditionFailure, type Table } from './table.ts';

export type DigestClaim = 'claimed' | 'already-sent' | 'in-progress';

export type DeliveryOutcome =
  | { status: 'sent'; messageId: string; items: number }
  | { status: 'failed'; reason: string; permanent: boolean };

/** The digest ledger: one entry per (run, recipient, part), claimed before sending. */
export class DeliveriesRepository {
  constructor(private readonly table: Table) {}

  /**
   * Claims the right to send one digest. A digest already sent is never sent again; one being
   * sent by another worker is left to it unless its claim is older than `staleBefore`.
   */
  async claim(
    runId: string,
    email: string,
    part: number,
    clock: { now: string; staleBefore: string; nowSeconds: number },
  ): Promise<DigestClaim> {
    const Key = { PK: digestPk(runId), SK: digestSk(email, part) };
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key,
          UpdateExpression:
            'SET #status = :sending, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one, #type = :ledger, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':now': clock.now,
            ':stale': clock.staleBefore,
            ':zero': 0,
            ':one': 1,
            ':ledger': 'digest-ledger',
            ':expires': clock.nowSeconds + RETENTION_DAYS * 86400,
          },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.get(runId, email, part);
      return current?.status === 'sent' ? 'already-sent' : 'in-progress';
    }
  }

  async finish(
    runId: string,
    email: string,
    part: number,
    outcome: DeliveryOutcome,
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
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: digestPk(runId), SK: digestSk(email, part) },
        UpdateExpression: update,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async get(runId: string, email: string, part: number): Promise<Record<string, unknown> | null> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: digestPk(runId), SK: digestSk(email, part) },
        ConsistentRead: true,
      }),
    );
    return out.Item ?? null;
  }
}
