import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from './keys.ts';

/** Creates the scheduler's table if it is missing (local stand-ins only; in AWS the CDK does). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (err) {
    if (
      !(err instanceof ResourceNotFoundException) &&
      (err as { name?: string }).name !== 'ResourceNotFoundException'
    )
      throw err;
  }
  await client.send(
    new CreateTableCommand({ TableName: tableName, ...structuredClone(tableDefinition) } as never),
  );
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return 'created';
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
