import { ConditionalCheckFailedException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  type PutCommand,
  paginateQuery,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import type * as z from '../../domain/zod.ts';
import { type Endpoint, makeDocumentClient } from '../clients.ts';

export interface Usage {
  readCapacity: number;
  writeCapacity: number;
  /** Write requests of trust data (items, tasks, records); run records and the ledger excluded. */
  dataWrites: number;
}

export class UnprocessedWritesError extends Error {
  override name = 'UnprocessedWritesError';
}

export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err as { name?: string }).name === 'ConditionalCheckFailedException'
  );
}

/**
 * The scheduler's one DynamoDB table, shared by the repositories: the client, the table name,
 * and the capacity each run consumed (for the run record and the benchmarks).
 */
/** A stored row that failed its schema: named by its key and what was wrong, never its content. */
export type OnSkipped = (skipped: { record: string; reason: string }) => void;

/** A stored row parsed by `schema`; null, named to `onSkipped`, when it does not parse. */
export function parseRow<S extends z.ZodMiniType>(
  schema: S,
  raw: Record<string, unknown>,
  onSkipped: OnSkipped,
): z.infer<S> | null {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as z.infer<S>;
  onSkipped({
    record: `${String(raw.PK)} ${String(raw.SK)}`,
    reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  });
  return null;
}

/** `SET #f0 = :f0, …` for each field: an update that writes these and leaves the rest alone. */
export function setEach(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  return { sets, names, values };
}

export class Table {
  readonly usage: Usage = { readCapacity: 0, writeCapacity: 0, dataWrites: 0 };

  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  count(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write'): void {
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      if (kind === 'read') this.usage.readCapacity += c.CapacityUnits ?? c.ReadCapacityUnits ?? 0;
      else this.usage.writeCapacity += c.CapacityUnits ?? c.WriteCapacityUnits ?? 0;
    }
  }

  /**
   * A single-item conditional write, the scheduler's way of doing a thing once: true if it was
   * applied, false if its condition did not hold (someone did it already, or the state moved on).
   */
  /**
   * Every row one partition of the tasks index holds, parsed by `schema`, in sort-key order. A
   * row that does not parse is passed over and named to `onSkipped`: one bad row never fails
   * the list.
   */
  async listParsed<S extends z.ZodMiniType>(
    index: string,
    pk: string,
    schema: S,
    onSkipped: OnSkipped = () => {},
  ): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ReturnConsumedCapacity: 'TOTAL',
      },
    );
    for await (const page of pages) {
      this.count(page.ConsumedCapacity, 'read');
      for (const raw of page.Items ?? []) {
        const row = parseRow(schema, raw, onSkipped);
        if (row !== null) out.push(row);
      }
    }
    return out;
  }

  async conditionalWrite(
    command: PutCommand | UpdateCommand,
    options: { dataWrite?: boolean } = {},
  ): Promise<boolean> {
    try {
      const out: { ConsumedCapacity?: ConsumedCapacity } = await this.client.send(command as PutCommand);
      this.count(out.ConsumedCapacity, 'write');
      if (options.dataWrite ?? true) this.usage.dataWrites++;
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Writes and deletes records in batches of 25, retrying unprocessed items with exponential
   * backoff (p-retry). Throws if any remain after the retries, so nothing is silently dropped.
   */
  async batchWrite(
    puts: Record<string, unknown>[],
    deletes: { PK: string; SK: string }[] = [],
  ): Promise<void> {
    type Request = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: object } };
    const requests: Request[] = [
      ...puts.map((Item) => ({ PutRequest: { Item } })),
      ...deletes.map((Key) => ({ DeleteRequest: { Key } })),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25);
      await pRetry(
        async () => {
          const out = await this.client.send(
            new BatchWriteCommand({
              RequestItems: { [this.tableName]: pending },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          this.count(out.ConsumedCapacity, 'write');
          const unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []) as Request[];
          this.usage.dataWrites += pending.length - unprocessed.length;
          pending = unprocessed;
          if (pending.length > 0)
            throw new UnprocessedWritesError(`batch write: ${pending.length} records still unprocessed`);
        },
        {
          retries: 7,
          minTimeout: 50,
          maxTimeout: 2000,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof UnprocessedWritesError,
        },
      );
    }
  }
}

/** The table in AWS, or on a local stand-in when `endpoint` is given. */
export function makeTable(where: Endpoint & { tableName: string }): Table {
  return new Table(makeDocumentClient(where), where.tableName);
}
