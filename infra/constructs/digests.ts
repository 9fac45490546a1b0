import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DELIVERY_ATTRIBUTES, DIGEST_PREFIX, TRUST_PREFIX } from '../../adapters/dynamodb/keys.ts';
import { DIGEST_DETAIL_TYPE, DIGEST_SOURCE } from '../../domain/digest.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import type { DeploymentConfig } from '../config.ts';
import { LambdaFunction } from './lambda-function.ts';
import { deadLetterQueue, leadingKeys } from './shared.ts';

/**
 * Digests: the bus the nightly run publishes DueWorkDigest events on, the rule that hands each
 * to send-digest (retries, then a dead-letter queue), and SES sending from one identity through
 * a configuration set that reports bounces, complaints and rejects.
 */
export class Digests extends Construct {
  readonly bus: EventBus;
  readonly send: LambdaFunction;
  readonly deadLetterQueue;
  readonly configurationSet: ConfigurationSet;

  constructor(
    scope: Construct,
    id: string,
    props: {
      config: DeploymentConfig;
      table: ITableV2;
      sesEvents: ITopic;
      environment: Record<string, string>;
    },
  ) {
    super(scope, id);
    const { config, table } = props;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(props.sesEvents),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    const identity = new EmailIdentity(this, 'SenderIdentity', {
      identity: Identity.email(config.senderAddress),
      configurationSet: this.configurationSet,
    });

    this.deadLetterQueue = deadLetterQueue(this, 'DigestDlq');
    this.send = new LambdaFunction(this, 'Send', {
      entry: FUNCTION_ENTRIES.sendDigest,
      description: 'Sends one DueWorkDigest email through SES, once',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: {
        ...props.environment,
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      },
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.send.fn;
    // The digest ledger: its own records.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: leadingKeys([`${DIGEST_PREFIX}*`]),
      }),
    );
    // Trust items: only their delivery state (`told`), read against the item's stage. It can
    // change nothing else of a trust's due work, and read nothing back.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          ...leadingKeys([`${TRUST_PREFIX}*`]),
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...DELIVERY_ATTRIBUTES] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
        },
      }),
    );
    const { partition, region, account } = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:identity/${identity.emailIdentityName}`,
          `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSet.configurationSetName}`,
        ],
        conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
      }),
    );

    this.bus = new EventBus(this, 'Bus', { description: 'Trust scheduler: DueWorkDigest events' });
    new Rule(this, 'DueWorkDigestRule', {
      eventBus: this.bus,
      description: 'Each DueWorkDigest to send-digest',
      eventPattern: { source: [DIGEST_SOURCE], detailType: [DIGEST_DETAIL_TYPE] },
      targets: [
        new LambdaTarget(fn, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(12),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}
