import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { FEED_SK, feedPk, userPk } from './keys.ts';
import type { Table } from './table.ts';

/** A user's calendar feed as they see it: when it was made (its address is shown once, then never). */
export interface FeedInfo {
  feedId: string;
  createdAt: string;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Calendar feeds: a secret address per user that a calendar can subscribe to (a calendar cannot
 * send a sign-in header). The table keeps only the secret's hash; the user's record names their
 * one live feed, so a new feed or a revocation ends the old one in a single write.
 */
export class FeedsRepository {
  constructor(private readonly table: Table) {}

  /** A new feed for the user, ending any other: returns its address path `feedId/secret`. */
  async create(email: string, now: string): Promise<{ path: string; info: FeedInfo }> {
    const feedId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: feedPk(feedId),
          SK: FEED_SK,
          type: 'feed',
          email: email.toLowerCase(),
          secretHash: hash(secret).toString('base64url'),
          createdAt: now,
        },
      }),
    );
    // The switch: from here on only the new feed is live.
    const old = await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: userPk(email), SK: FEED_SK, type: 'user-feed', feedId, createdAt: now },
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (old.Attributes?.feedId) await this.deleteFeed(String(old.Attributes.feedId));
    return { path: `${feedId}/${secret}`, info: { feedId, createdAt: now } };
  }

  /** The user's live feed, if any. */
  async current(email: string): Promise<FeedInfo | null> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: { PK: userPk(email), SK: FEED_SK } }),
    );
    return out.Item ? { feedId: String(out.Item.feedId), createdAt: String(out.Item.createdAt) } : null;
  }

  /** Ends the user's feed (its address stops working at once). */
  async revoke(email: string): Promise<void> {
    const old = await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: { PK: userPk(email), SK: FEED_SK },
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (old.Attributes?.feedId) await this.deleteFeed(String(old.Attributes.feedId));
  }

  /** Whose live feed `feedId` with `secret` is; null if unknown, revoked, replaced or wrong. */
  async owner(feedId: string, secret: string): Promise<string | null> {
    if (!/^[0-9a-f-]{36}$/.test(feedId)) return null;
    const feed = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: { PK: feedPk(feedId), SK: FEED_SK } }),
    );
    const stored = Buffer.from(String(feed.Item?.secretHash ?? ''), 'base64url');
    if (!feed.Item || stored.length !== 32 || !timingSafeEqual(stored, hash(secret))) return null;
    const email = String(feed.Item.email);
    const live = await this.current(email);
    return live?.feedId === feedId ? email : null;
  }

  private async deleteFeed(feedId: string) {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: { PK: feedPk(feedId), SK: FEED_SK } }),
    );
  }
}
