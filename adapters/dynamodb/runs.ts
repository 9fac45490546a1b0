import { GetCommand, PutCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DeliveriesRepository } from './deliveries.ts';
import { LATEST_RUN_SK, META_PK, RETENTION_DAYS, RUN_PK, SYNC_PK, syncRunSk } from './keys.ts';
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
   * The last `limit` nightly runs and syncs by start time, newest first, as stored (without
   * digest outcomes). Nightly run ids do not sort by time, so their partition is read for ids and
   * start times only (a small projection, RETENTION_DAYS of them at most), then the newest are got.
   */
  async recent(limit: number): Promise<Record<string, unknown>[]> {
    const starts: { runId: string; startedAt: string }[] = [];
    for await (const page of paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': RUN_PK },
        ProjectionExpression: 'runId, startedAt',
      },
    ))
      for (const i of page.Items ?? [])
        if (typeof i.runId === 'string' && typeof i.startedAt === 'string')
          starts.push({ runId: i.runId, startedAt: i.startedAt });
    const newest = starts.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
    const [nightly, syncs] = await Promise.all([
      Promise.all(
        newest.map(async ({ runId }) => {
          const out = await this.table.client.send(
            new GetCommand({ TableName: this.table.tableName, Key: { PK: RUN_PK, SK: runId } }),
          );
          return out.Item ?? null;
        }),
      ),
      this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :run)',
          ExpressionAttributeValues: { ':pk': SYNC_PK, ':run': 'RUN#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    ]);
    return [...nightly.filter((r) => r !== null), ...(syncs.Items ?? [])]
      .sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)))
      .slice(0, limit);
  }

  /** One run, nightly or sync, by its id (a sync's is `sync:<startedAt>`); null if none is kept. */
  async find(runId: string): Promise<Record<string, unknown> | null> {
    const sync = /^sync:(.+)$/.exec(runId);
    if (!sync) return this.get(runId);
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: { PK: SYNC_PK, SK: syncRunSk(sync[1]!, runId) },
      }),
    );
    return out.Item ?? null;
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
