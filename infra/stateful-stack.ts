import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { DUE_INDEX, TASK_INDEX, TTL_ATTRIBUTE } from '../adapters/dynamodb/keys.ts';
import { GROUPS } from '../domain/roles.ts';

/** Index names and key attributes: from the keys module the adapters use (adapters/dynamodb/keys.ts). */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  dueIndex: { name: DUE_INDEX, partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  taskIndex: { name: TASK_INDEX, partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ttlAttribute: TTL_ATTRIBUTE,
} as const;

/**
 * What must outlive any deployment: the table, and the user pool (the people who sign in).
 * Termination protection, deletion protection, point-in-time recovery and a RETAIN policy, so no
 * `cdk destroy` or stack update can lose them.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly userPool: UserPool;

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

    // Staff of the regulator sign in: admins invite (no self sign-up), the username is the email
    // (so a token names the holder whose trusts it may see), MFA by authenticator app for
    // everyone (no phone numbers held), and Cognito's threat protection on (Plus plan).
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A role is a group (adapters/cognito/users.ts): planners, holders, admins.
    for (const group of GROUPS)
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: {
          planners: 'Planners: see every trust',
          holders: 'Relationship holders: see only the trusts they hold',
          admins: 'Admins: planners who also see run records and manage users',
        }[group],
      });
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'For `npx trust-scheduler users add --email E --role R --user-pool-id <this>`',
    });
  }
}
