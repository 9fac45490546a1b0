import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from './lambda-function.ts';

/**
 * The alarms, each notifying the admin topic: any function error, any message in a dead-letter
 * queue (a dead-lettered digest), no successful nightly run in 26 hours, a run that met problems,
 * a digest SES rejected for good, and an SES bounce rate near SES's review line.
 */
export class Alarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { topic: ITopic; functions: Record<string, IFunction>; deadLetterQueues: Record<string, IQueue> },
  ) {
    super(scope, id);
    const notify = new SnsAction(props.topic);
    const alarm = (name: string, alarmProps: AlarmProps) =>
      new Alarm(this, name, alarmProps).addAlarmAction(notify);
    const anyAtAll = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, {
        alarmDescription: `${name}: any function error`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        ...anyAtAll,
      });
    }
    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}Messages`, {
        alarmDescription: `${name}: a message in the dead-letter queue (something failed all its retries)`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        ...anyAtAll,
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
    // No successful CQC API sync in 50 hours: two nights missed.
    alarm('NoSuccessfulSync', {
      alarmDescription: 'No successful CQC API sync in the last 50 hours',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'SyncSucceeded',
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period: Duration.hours(2),
      }),
      threshold: 1,
      evaluationPeriods: 25,
      datapointsToAlarm: 25,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    // Counted apart, never as delivered: a run that met problems, a digest SES refused for good.
    for (const [name, metricName, description] of [
      [
        'NightlyRunProblems',
        'RunProblems',
        'the nightly run met problems (records skipped, named in the run record)',
      ],
      [
        'SyncProblems',
        'SyncProblems',
        'the CQC API sync met problems (documents or requests, named in its run record)',
      ],
      [
        'CqcApiKeyRefused',
        'SyncKeyRefused',
        'the CQC API refused the subscription key (401/403): the sync stopped; put a valid key in its secret',
      ],
      [
        'SyncRetireHeld',
        'SyncRetireHeld',
        'the sync held back a mass retirement (all of a trust, or over 20% of trusts): check, then sync --allow-mass-retire',
      ],
      [
        'DigestsRejected',
        'DigestsRejected',
        'SES permanently rejected a digest (its items are offered again next run)',
      ],
    ] as const) {
      alarm(name, {
        alarmDescription: description,
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: SERVICE_NAME },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        ...anyAtAll,
      });
    }
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
