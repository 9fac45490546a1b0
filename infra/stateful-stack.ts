import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { DUE_INDEX, TASK_INDEX, TTL_ATTRIBUTE } from '../adapters/dynamodb/keys.ts';

/** Index names and key attributes: from the keys module the adapters use (adapters/dynamodb/keys.ts). */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  dueIndex: { name: DUE_INDEX, partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  taskIndex: { name: TASK_INDEX, partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ttlAttribute: TTL_ATTRIBUTE,
} as const;

/**
 * What must outlive any deployment: the table. Termination protection, deletion protection,
 * point-in-time recovery and a RETAIN policy, so no `cdk destroy` or stack update can lose it.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      globalSecondaryIndexes: [TABLE_KEYS.dueIndex, TABLE_KEYS.taskIndex].map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'For `npm run cli -- import … --table <this>`',
    });
  }
}
