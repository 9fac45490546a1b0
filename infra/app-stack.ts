import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACTIONS_PREFIX } from '../adapters/dynamodb/keys.ts';
import { DIGEST_DETAIL_TYPE, DIGEST_SOURCE } from '../domain/digest.ts';
import type { DeploymentConfig } from './config.ts';
import { Alarms } from './constructs/alarms.ts';
import { CqcSync } from './constructs/cqc-sync.ts';
import { Digests } from './constructs/digests.ts';
import { Nightly } from './constructs/nightly.ts';
import { PlannerApi } from './constructs/planner-api.ts';
import { deadLetterQueue } from './constructs/shared.ts';

/** The event the nightly run publishes and the rule routes (domain/digest.ts). */
export const DIGEST_EVENT = { source: DIGEST_SOURCE, detailType: DIGEST_DETAIL_TYPE } as const;

export interface AppStackProps extends StackProps {
  config: DeploymentConfig;
  table: ITableV2;
  userPool: IUserPool;
}

/**
 * The application, composed of one construct per concern: the nightly run, digests (bus, rule,
 * send-digest, SES), the planner API, and the alarms. Each function has its own role with
 * exactly the permissions its job needs.
 */
export class AppStack extends Stack {
  readonly functions: Record<'nightlyRun' | 'sendDigest' | 'plannerApi' | 'cqcSync', NodejsFunction>;
  readonly api: HttpApi;
  readonly bus: EventBus;
  readonly deadLetterQueues: Record<'scheduleDlq' | 'digestDlq' | 'notificationDlq' | 'syncDlq', Queue>;
  readonly nightly: Nightly;
  readonly sync: CqcSync;
  readonly plannerApi: PlannerApi;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, table } = props;

    // Admin notifications: alarms, and SES bounces and complaints. Undeliverable ones are kept.
    // Both topics are encrypted with a key CloudWatch and SES may use to publish to them.
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Trust scheduler: encrypts the alarm and SES event topics',
      enableKeyRotation: true,
    });
    for (const service of ['cloudwatch.amazonaws.com', 'ses.amazonaws.com'])
      topicKey.grant(new ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const notificationDlq = deadLetterQueue(this, 'NotificationDlq');
    const alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Trust scheduler (${config.environmentName}) alarms`,
      enforceSSL: true,
      masterKey: topicKey,
    });
    alarmTopic.addSubscription(
      new EmailSubscription(config.alarmEmail, { deadLetterQueue: notificationDlq }),
    );
    const sesEvents = new Topic(this, 'SesEventsTopic', {
      displayName: 'SES bounces and complaints',
      enforceSSL: true,
      masterKey: topicKey,
    });
    sesEvents.addSubscription(new EmailSubscription(config.alarmEmail, { deadLetterQueue: notificationDlq }));

    const environment = {
      TABLE_NAME: table.tableName,
      SENDER_ADDRESS: config.senderAddress,
      FALLBACK_RECIPIENT: config.fallbackRecipient,
      SCAN_SEGMENTS: String(config.scanSegments),
      POLICY_JSON: JSON.stringify({ windows: config.alertWindows }),
    };
    const digests = new Digests(this, 'Digests', { config, table, sesEvents, environment });
    this.nightly = new Nightly(this, 'Nightly', { config, table, bus: digests.bus, environment });
    const planner = new PlannerApi(this, 'PlannerApi', {
      table,
      // Only the API plans: the planning settings are its alone.
      environment: { ...environment, PLANNING_JSON: JSON.stringify(config.planning) },
      userPool: props.userPool,
      signInDomainPrefix: config.signInDomainPrefix ?? `cqc-trust-scheduler-${config.environmentName}`,
      webBaseUrl: config.webBaseUrl,
    });
    // The digest links each item to its page.
    digests.send.fn.addEnvironment('WEB_BASE_URL', planner.webBaseUrl);
    this.plannerApi = planner;
    this.sync = new CqcSync(this, 'CqcSync', { config, table, environment });

    this.bus = digests.bus;
    this.api = planner.api;
    this.functions = {
      nightlyRun: this.nightly.run.fn,
      sendDigest: digests.send.fn,
      plannerApi: planner.handler.fn,
      cqcSync: this.sync.fn.fn,
    };
    // What people did with an item is kept as written: no function may change or delete an
    // action record, whatever else it may write (an explicit Deny, so no later Allow undoes it).
    // The planner API, which records actions, alone may put one: its store writes a record only
    // if that version is not taken (adapters/dynamodb/actions.ts).
    for (const fn of Object.values(this.functions))
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: [
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            ...(fn === this.functions.plannerApi ? [] : ['dynamodb:PutItem']),
          ],
          resources: [table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${ACTIONS_PREFIX}*`] } },
        }),
      );
    this.deadLetterQueues = {
      scheduleDlq: this.nightly.deadLetterQueue,
      digestDlq: digests.deadLetterQueue,
      notificationDlq,
      syncDlq: this.sync.deadLetterQueue,
    };
    new Alarms(this, 'Alarms', {
      topic: alarmTopic,
      functions: {
        NightlyRun: this.functions.nightlyRun,
        SendDigest: this.functions.sendDigest,
        PlannerApi: this.functions.plannerApi,
        CqcSync: this.functions.cqcSync,
      },
      deadLetterQueues: {
        ScheduleDlq: this.nightly.deadLetterQueue,
        DigestDlq: digests.deadLetterQueue,
        NotificationDlq: notificationDlq,
        SyncDlq: this.sync.deadLetterQueue,
      },
    });
    new CfnOutput(this, 'CqcApiKeySecretArn', {
      value: this.sync.apiKey.secretArn,
      description: 'Put the CQC API subscription key in this secret (aws secretsmanager put-secret-value)',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: 'Planner API (Authorization: Bearer <Cognito access token>)',
    });
    new CfnOutput(this, 'WebUrl', { value: planner.webBaseUrl, description: 'The web pages: sign in here' });
    new CfnOutput(this, 'WebClientId', {
      value: planner.client.userPoolClientId,
      description: 'The app client whose access tokens the API takes',
    });
  }
}
