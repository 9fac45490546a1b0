import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Deliveries,
  type DeliveryOutcome,
  DIGEST_OUTCOMES,
  type DigestLedgerUpdate,
  type DigestOpening,
  type DigestOutcome,
} from '../../use-cases/ports.ts';
import {
  DIGEST_SUMMARY_SK,
  digestPk,
  digestSk,
  itemSk,
  RETENTION_DAYS,
  TO_CHECK_SK,
  trustPk,
} from './keys.ts';
import { isConditionFailure, type Table } from './table.ts';

/**
 * Delivery state, in two places:
 * - the digest ledger, one entry per digest (run, recipient, part): claimed → sending → sent, or
 *   failed. It tells a redelivered event what its first delivery got to.
 * - per (recipient, item), the `told` map on each due item: claimed by one digest, then sent or
 *   failed. It is what makes a recipient hear of an item once per stage, whichever run tells them.
 *   A trust to check has the same map, kept per assessment.
 * send-digest writes only these: the ledger entries and the `told` attribute.
 */
export class DeliveriesRepository implements Deliveries {
  constructor(private readonly table: Table) {}

  /**
   * Opens a digest for sending. `claimed`: this delivery sends it. `sending`: an earlier delivery
   * handed it to SES and stopped before recording the outcome. `sent`: done before. `busy`:
   * another delivery holds a fresh claim.
   */
  async openDigest(
    runId: string,
    email: string,
    part: number,
    clock: { now: string; staleBefore: string; nowSeconds: number },
  ): Promise<DigestOpening> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { PK: digestPk(runId), SK: digestSk(email, part) },
          UpdateExpression:
            'SET #status = :claimed, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one, #type = :ledger, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(PK) OR #status = :failed OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
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
      const status = (await this.get(runId, email, part))?.status;
      return status === 'sent' || status === 'sending' ? status : 'busy';
    }
  }

  async updateDigest(
    runId: string,
    email: string,
    part: number,
    update: DigestLedgerUpdate,
    now: string,
  ): Promise<void> {
    const values: Record<string, unknown> = { ':status': update.status, ':now': now };
    let expression = 'SET #status = :status, updatedAt = :now';
    if (update.status === 'sent') {
      expression += ', messageId = :mid, itemCount = :items, interrupted = :interrupted';
      values[':mid'] = update.messageId;
      values[':items'] = update.items;
      values[':interrupted'] = update.interrupted ?? false;
    } else if (update.status === 'failed') {
      expression += ', failure = :reason, permanent = :permanent';
      values[':reason'] = update.reason;
      values[':permanent'] = update.permanent;
    }
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: digestPk(runId), SK: digestSk(email, part) },
        UpdateExpression: expression,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Counts how one digest of a run ended, on the run's summary (shown with the run record). */
  async countOutcome(runId: string, outcome: DigestOutcome, nowSeconds: number): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: digestPk(runId), SK: DIGEST_SUMMARY_SK },
        UpdateExpression: 'ADD #outcome :one SET #type = :summary, expiresAt = :expires',
        ExpressionAttributeNames: { '#outcome': outcome, '#type': 'type' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':summary': 'digest-summary',
          ':expires': nowSeconds + RETENTION_DAYS * 86400,
        },
      }),
    );
  }

  /** How the digests of a run ended so far: sent, rejected (for good), recovered, … */
  async outcomes(runId: string): Promise<Partial<Record<DigestOutcome, number>>> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: digestPk(runId), SK: DIGEST_SUMMARY_SK },
      }),
    );
    const counts: Partial<Record<DigestOutcome, number>> = {};
    for (const o of DIGEST_OUTCOMES) if (typeof out.Item?.[o] === 'number') counts[o] = out.Item[o] as number;
    return counts;
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

  /**
   * Claims an item for one recipient at one stage, for one digest. Refused when the item is
   * gone or has moved to another stage, when the recipient was told of it at this stage, or when
   * another digest holds a claim that is not stale; a claim of the same digest is renewed.
   */
  claimItem: Deliveries['claimItem'] = (trustId, itemId, email, entry, staleBefore) =>
    this.claim({ PK: trustPk(trustId), SK: itemSk(itemId) }, email, entry, 'stage', staleBefore);

  /** Claims a trust to check for the fallback recipient, the same way, by its assessment. */
  claimToCheck: Deliveries['claimToCheck'] = (trustId, email, entry, staleBefore) =>
    this.claim({ PK: trustPk(trustId), SK: TO_CHECK_SK }, email, entry, 'assessment', staleBefore);

  /**
   * The claim both share: the record must exist and still be about what the digest tells (the
   * item's stage, the check's assessment), and the recipient not told of that already.
   */
  private async claim<F extends 'stage' | 'assessment'>(
    key: { PK: string; SK: string },
    email: string,
    entry: { [K in F]: string } & { digest: string; episode?: string },
    field: F,
    staleBefore: string,
  ): Promise<boolean> {
    // Told again at the same stage (a booking passed, a deferral ended): once per episode.
    const episode = entry.episode ? ' OR NOT told.#r.episode = :episode' : '';
    const command = new UpdateCommand({
      TableName: this.table.tableName,
      Key: key,
      UpdateExpression: 'SET told.#r = :entry',
      ConditionExpression: `attribute_exists(PK) AND #about = :about AND (attribute_not_exists(told.#r) OR told.#r.#about <> :about${episode} OR told.#r.digest = :digest OR told.#r.#status = :failed OR (told.#r.#status = :claimed AND told.#r.#at < :stale))`,
      ExpressionAttributeNames: { '#r': email, '#about': field, '#status': 'status', '#at': 'at' },
      ExpressionAttributeValues: {
        ':entry': entry,
        ':about': entry[field],
        ':digest': entry.digest,
        ':failed': 'failed',
        ':claimed': 'claimed',
        ':stale': staleBefore,
        ...(entry.episode ? { ':episode': entry.episode } : {}),
      },
    });
    try {
      return await this.table.conditionalWrite(command, { dataWrite: false });
    } catch (err) {
      // A record written before it carried delivery state has no `told` map to set a path in.
      if ((err as Error).name !== 'ValidationException') throw err;
      await this.table.client
        .send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: key,
            UpdateExpression: 'SET told = if_not_exists(told, :empty)',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':empty': {} },
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
      return this.table.conditionalWrite(command, { dataWrite: false });
    }
  }

  /** Records the outcome of an item this digest claimed (nothing if another digest took it over). */
  settleItem: Deliveries['settleItem'] = (trustId, itemId, email, digest, outcome) =>
    this.settle({ PK: trustPk(trustId), SK: itemSk(itemId) }, email, digest, outcome);

  settleToCheck: Deliveries['settleToCheck'] = (trustId, email, digest, outcome) =>
    this.settle({ PK: trustPk(trustId), SK: TO_CHECK_SK }, email, digest, outcome);

  private settle(
    key: { PK: string; SK: string },
    email: string,
    digest: string,
    outcome: DeliveryOutcome,
  ): Promise<boolean> {
    return this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: key,
        UpdateExpression: 'SET told.#r.#status = :status, told.#r.#at = :at',
        // Said in as many words: send-digest's role may update items, never create one.
        ConditionExpression: 'attribute_exists(PK) AND told.#r.digest = :digest',
        ExpressionAttributeNames: { '#r': email, '#status': 'status', '#at': 'at' },
        ExpressionAttributeValues: { ':status': outcome.status, ':at': outcome.at, ':digest': digest },
      }),
      { dataWrite: false },
    );
  }
}
