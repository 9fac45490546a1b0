import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { type CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type IFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUNDLING, FUNCTION_ENTRIES } from './bundling.ts';
import type { DeploymentConfig } from './config.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The event the nightly job publishes and the rule routes (the same values as domain/digest.ts). */
export const DIGEST_EVENT = { source: 'cqc.trust-scheduler', detailType: 'DueWorkDigest' } as const;
export const METRICS_NAMESPACE = 'TrustScheduler';
export const SERVICE_NAME = 'trust-scheduler';

export interface AppStackProps extends StackProps {
  config: DeploymentConfig;
  table: ITableV2;
}

/**
 * The application: three functions, the nightly schedule, the digest bus and rule, the planner
 * HTTP API, SES sending, and the alarms. Each function gets its own role with exactly the
 * permissions its job needs.
 */
export class AppStack extends Stack {
  readonly functions: Record<'nightlyScan' | 'sendDigest' | 'plannerApi', NodejsFunction>;
  readonly api: HttpApi;
  readonly bus: EventBus;
  readonly deadLetterQueues: Record<'scheduleDlq' | 'digestDlq' | 'notificationDlq', Queue>;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, table } = props;

    const queue = (name: string) =>
      new Queue(this, name, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });

    // ---- email ------------------------------------------------------------------------------
    // Notifications that could not be delivered to the admin's address are kept, not dropped.
    const notificationDlq = queue('NotificationDlq');
    const alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Trust scheduler (${config.environmentName}) alarms`,
      enforceSSL: true,
    });
    alarmTopic.addSubscription(
      new EmailSubscription(config.alarmEmail, { deadLetterQueue: notificationDlq }),
    );
    const sesEvents = new Topic(this, 'SesEventsTopic', {
      displayName: 'SES bounces and complaints',
      enforceSSL: true,
    });
    sesEvents.addSubscription(new EmailSubscription(config.alarmEmail, { deadLetterQueue: notificationDlq }));
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(sesEvents),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    const identity = new EmailIdentity(this, 'SenderIdentity', {
      identity: Identity.email(config.senderAddress),
      configurationSet,
    });

    // ---- functions ---------------------------------------------------------------------------
    const environment = {
      TABLE_NAME: table.tableName,
      SENDER_ADDRESS: config.senderAddress,
      FALLBACK_RECIPIENT: config.fallbackRecipient,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      SCAN_SEGMENTS: String(config.scanSegments),
      POLICY_JSON: JSON.stringify({ windows: config.alertWindows }),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    const makeFunction = (
      name: string,
      entry: string,
      opts: { memorySize: number; timeout: Duration; description: string; dlq?: Queue },
    ) => {
      const logGroup = new LogGroup(this, `${name}Logs`, { retention: RetentionDays.THREE_MONTHS });
      // An own role with only the log group it writes to, instead of the broad managed policy.
      const role = new Role(this, `${name}Role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `${name}: runtime role`,
      });
      role.addToPolicy(
        new PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
        }),
      );
      return new NodejsFunction(this, name, {
        entry: path.join(ROOT, entry),
        projectRoot: ROOT,
        depsLockFilePath: path.join(ROOT, 'package-lock.json'),
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: opts.memorySize,
        timeout: opts.timeout,
        description: opts.description,
        logGroup,
        role,
        tracing: Tracing.ACTIVE,
        environment,
        deadLetterQueue: opts.dlq,
        bundling: {
          format: OutputFormat.ESM,
          minify: BUNDLING.minify,
          sourceMap: false,
          target: BUNDLING.target,
          mainFields: [...BUNDLING.mainFields],
          // Bundle the AWS SDK too: a pinned, tree-shaken copy rather than the runtime's.
          externalModules: [],
          banner: BUNDLING.banner,
        },
      });
    };

    const scheduleDlq = queue('ScheduleDlq');
    const digestDlq = queue('DigestDlq');
    this.deadLetterQueues = { scheduleDlq, digestDlq, notificationDlq };
    const nightlyScan = makeFunction('NightlyScan', FUNCTION_ENTRIES.nightlyScan, {
      memorySize: 1024,
      timeout: Duration.minutes(15),
      description:
        'Nightly: evaluate every trust record, record stage changes, raise report tasks, publish digests',
      dlq: scheduleDlq,
    });
    const sendDigest = makeFunction('SendDigest', FUNCTION_ENTRIES.sendDigest, {
      memorySize: 256,
      timeout: Duration.seconds(60),
      description: 'Sends one DueWorkDigest email through SES, once',
      dlq: digestDlq,
    });
    const plannerApi = makeFunction('PlannerApi', FUNCTION_ENTRIES.plannerApi, {
      memorySize: 512,
      timeout: Duration.seconds(20),
      description: 'Planner HTTP API: due work, tasks, trusts, forecast (read only)',
    });
    this.functions = { nightlyScan, sendDigest, plannerApi };

    // ---- least privilege ---------------------------------------------------------------------
    const tableArn = table.tableArn;
    const indexArns = [`${table.tableArn}/index/due-date`, `${table.tableArn}/index/tasks`];
    const leadingKeys = (keys: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });

    // nightly-scan: read the table; write trust partitions (items, tasks), run records and the
    // due-months record; put events on the bus. Not the digest ledger.
    nightlyScan.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem'],
        resources: [tableArn],
      }),
    );
    nightlyScan.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
        ],
        resources: [tableArn],
        conditions: leadingKeys(['TRUST#*', 'RUN', 'META']),
      }),
    );
    // send-digest: the digest ledger, and marking the delivered stage on trust items.
    sendDigest.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [tableArn],
        conditions: leadingKeys(['DIGEST#*', 'TRUST#*']),
      }),
    );
    sendDigest.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity.emailIdentityName}`,
          `arn:${this.partition}:ses:${this.region}:${this.account}:configuration-set/${configurationSet.configurationSetName}`,
        ],
        conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
      }),
    );
    // planner-api: read only, and never a Scan.
    plannerApi.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [tableArn, ...indexArns],
      }),
    );

    // ---- the digest bus ----------------------------------------------------------------------
    this.bus = new EventBus(this, 'Bus', { description: 'Trust scheduler: DueWorkDigest events' });
    this.bus.grantPutEventsTo(nightlyScan);
    nightlyScan.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    new Rule(this, 'DueWorkDigestRule', {
      eventBus: this.bus,
      description: 'Each DueWorkDigest to send-digest',
      eventPattern: { source: [DIGEST_EVENT.source], detailType: [DIGEST_EVENT.detailType] },
      targets: [
        new LambdaFunction(sendDigest, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(12),
          deadLetterQueue: digestDlq,
        }),
      ],
    });

    // ---- the nightly schedule ----------------------------------------------------------------
    new Schedule(this, 'NightlySchedule', {
      description: 'Nightly due-work scan (02:30 Europe/London: outside the clock-change hour)',
      schedule: ScheduleExpression.expression(
        config.scheduleExpression,
        TimeZone.of(config.scheduleTimeZone),
      ),
      target: new LambdaInvoke(nightlyScan, {
        // The scheduled time is the run key: a retried invocation is the same run.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: scheduleDlq,
      }),
    });

    // ---- the planner API ---------------------------------------------------------------------
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new HttpApi(this, 'PlannerHttpApi', {
      description: 'Planner API: due work (JSON, CSV, iCalendar), tasks, trusts, forecast',
      defaultAuthorizer: new HttpIamAuthorizer(),
      defaultIntegration: new HttpLambdaIntegration('PlannerIntegration', plannerApi),
      createDefaultStage: true,
    });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        caller: '$context.identity.caller',
        user: '$context.identity.userArn',
        requestTime: '$context.requestTime',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = {
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      detailedMetricsEnabled: true,
    };
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Planner API (IAM/SigV4)' });

    // ---- alarms ------------------------------------------------------------------------------
    const notify = new SnsAction(alarmTopic);
    const alarm = (name: string, props: ConstructorParameters<typeof Alarm>[2]) =>
      new Alarm(this, name, props).addAlarmAction(notify);
    for (const [name, fn] of Object.entries(this.functions) as [string, IFunction][]) {
      alarm(`${name}Errors`, {
        alarmDescription: `${name}: any function error`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [name, dlq] of [
      ['ScheduleDlq', scheduleDlq],
      ['DigestDlq', digestDlq],
      ['NotificationDlq', notificationDlq],
    ] as const) {
      alarm(`${name}Messages`, {
        alarmDescription: `${name}: a message in the dead-letter queue (something failed all its retries)`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    // No successful nightly run in 26 hours: 13 two-hour periods with no success metric.
    alarm('NoSuccessfulNightlyRun', {
      alarmDescription: 'No successful nightly run in the last 26 hours',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'NightlyRunSucceeded',
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period: Duration.hours(2),
      }),
      threshold: 1,
      evaluationPeriods: 13,
      datapointsToAlarm: 13,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    alarm('SesBounceRate', {
      alarmDescription: 'SES bounce rate above 5% (SES reviews accounts at 5%, pauses at 10%)',
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 0.05,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
