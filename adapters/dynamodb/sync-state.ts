import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncProgress, SyncState } from '../../use-cases/ports.ts';
import { RETENTION_DAYS, SYNC_PK, SYNC_STATE_SK, syncRunSk } from './keys.ts';
import type { Table } from './table.ts';

/**
 * The sync's one state record (watermark, full-reconcile progress, lease) and its run records.
 * The lease is a conditional write: two syncs never work at once (a scheduled one and a manual
 * one, or a retry while the first still runs).
 */
export class SyncStateRepository implements SyncState {
  constructor(private readonly table: Table) {}

  private get key() {
    return { PK: SYNC_PK, SK: SYNC_STATE_SK };
  }

  async read(): Promise<SyncProgress> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: this.key, ConsistentRead: true }),
    );
    return {
      watermark: (out.Item?.watermark as string | undefined) ?? null,
      full: (out.Item?.full as SyncProgress['full'] | undefined) ?? null,
      retry: (out.Item?.retry as string[] | undefined) ?? [],
    };
  }

  acquire(owner: string, now: string, until: string): Promise<boolean> {
    return this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: this.key,
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
        ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner, ':until': until, ':now': now },
      }),
      { dataWrite: false },
    );
  }

  async release(owner: string): Promise<void> {
    await this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: this.key,
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
      { dataWrite: false },
    );
  }

  async save(progress: SyncProgress): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: this.key,
        UpdateExpression: 'SET watermark = :watermark, #full = :full, #retry = :retry',
        ExpressionAttributeNames: { '#full': 'full', '#retry': 'retry' },
        ExpressionAttributeValues: {
          ':watermark': progress.watermark,
          ':full': progress.full,
          ':retry': progress.retry,
        },
      }),
    );
  }

  async putRun(run: { runId: string; startedAt: string } & Record<string, unknown>, nowSeconds: number) {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: SYNC_PK,
          SK: syncRunSk(run.startedAt, run.runId),
          type: 'sync-run',
          ...run,
          expiresAt: nowSeconds + RETENTION_DAYS * 86400,
        },
      }),
    );
  }

  async latestRun(): Promise<Record<string, unknown> | null> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :run)',
        ExpressionAttributeValues: { ':pk': SYNC_PK, ':run': 'RUN#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return out.Items?.[0] ?? null;
  }
}
