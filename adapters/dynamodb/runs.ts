import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DeliveriesRepository } from './deliveries.ts';
import { LATEST_RUN_SK, META_PK, RETENTION_DAYS, RUN_PK } from './keys.ts';
import type { Table } from './table.ts';

export type StoredRun = { runId: string; startedAt: string } & Record<string, unknown>;

/** Run records: one per run id, kept for RETENTION_DAYS, and a copy of the newest. */
export class RunsRepository {
  constructor(private readonly table: Table) {}

  async put(run: StoredRun, nowSeconds: number): Promise<void> {
    const expiresAt = nowSeconds + RETENTION_DAYS * 86400;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: RUN_PK, SK: run.runId, type: 'run', ...run, expiresAt },
      }),
    );
    // The newest run by start time (a manual run's id sorts after every scheduled one).
    await this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { PK: META_PK, SK: LATEST_RUN_SK, type: 'run', ...run },
        ConditionExpression: 'attribute_not_exists(PK) OR startedAt <= :startedAt',
        ExpressionAttributeValues: { ':startedAt': run.startedAt },
      }),
      { dataWrite: false },
    );
  }

  async get(runId: string): Promise<Record<string, unknown> | null> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: { PK: RUN_PK, SK: runId } }),
    );
    return this.withDigestOutcomes(out.Item);
  }

  /** The run that started last, whatever its id. */
  async latest(): Promise<Record<string, unknown> | null> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: { PK: META_PK, SK: LATEST_RUN_SK } }),
    );
    return this.withDigestOutcomes(out.Item);
  }

  /**
   * The run record with how its digests ended so far, as send-digest counts them: sent, rejected
   * by SES for good, recovered after a crash, with nothing new, duplicate deliveries. Counted
   * apart: a rejected or dead-lettered digest is never counted as sent.
   */
  private async withDigestOutcomes(run: Record<string, unknown> | undefined) {
    if (!run) return null;
    const digestOutcomes = await new DeliveriesRepository(this.table).outcomes(String(run.runId));
    return { ...run, digestOutcomes };
  }
}
