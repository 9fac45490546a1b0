import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { META_PK, SYNC_PK, TRUST_PREFIX } from '../../adapters/dynamodb/keys.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import type { DeploymentConfig } from '../config.ts';
import { LambdaFunction } from './lambda-function.ts';
import { deadLetterQueue, grantReadAndPartitionWrites } from './shared.ts';

/**
 * The sync from the CQC public API: its function, the secret holding the subscription key, and
 * two EventBridge Scheduler schedules (the changes every night before the nightly run, a full
 * reconcile weekly), with retries and a dead-letter queue.
 */
export class CqcSync extends Construct {
  readonly fn: LambdaFunction;
  readonly apiKey: Secret;
  readonly deadLetterQueue;
  readonly schedules: { changes: Schedule; full: Schedule };

  constructor(
    scope: Construct,
    id: string,
    props: { config: DeploymentConfig; table: ITableV2; environment: Record<string, string> },
  ) {
    super(scope, id);
    const { config, table } = props;
    // Created with a placeholder: the admin puts the key in (README, "Deploy to AWS").
    this.apiKey = new Secret(this, 'ApiKey', {
      description: 'CQC public API subscription key (Ocp-Apim-Subscription-Key) for the trust scheduler sync',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = deadLetterQueue(this, 'ScheduleDlq');
    this.fn = new LambdaFunction(this, 'Run', {
      entry: FUNCTION_ENTRIES.cqcSync,
      description: 'Sync trust records from the CQC public API: changes nightly, a full reconcile weekly',
      memorySize: 512,
      timeout: Duration.minutes(15), // stops 90 s before, progress saved; the next run resumes
      environment: {
        ...props.environment,
        CQC_API_BASE_URL: config.cqcApiBaseUrl,
        CQC_API_REQUESTS_PER_MINUTE: String(config.cqcApiRequestsPerMinute),
        SYNC_MAX_RETIRE_SHARE: String(config.syncMaxRetireShare),
        CQC_API_KEY_SECRET_ARN: this.apiKey.secretArn,
      },
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.fn.fn;
    this.apiKey.grantRead(fn);
    // Read the table; write trust partitions (records, items, history), the sync's own
    // partition (state, lease, runs) and META (the due-months index). No ledger, no run records.
    grantReadAndPartitionWrites(fn, table, [`${TRUST_PREFIX}*`, SYNC_PK, META_PK]);

    const schedule = (
      scheduleId: string,
      description: string,
      expression: string,
      mode: 'incremental' | 'full',
    ) =>
      new Schedule(this, scheduleId, {
        description,
        schedule: ScheduleExpression.expression(expression, TimeZone.of(config.scheduleTimeZone)),
        target: new LambdaInvoke(fn, {
          input: ScheduleTargetInput.fromObject({ mode, scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
    this.schedules = {
      changes: schedule(
        'ChangesSchedule',
        'CQC API sync: the changes since the last sync (01:30 Europe/London, before the nightly run)',
        config.syncScheduleExpression,
        'incremental',
      ),
      full: schedule(
        'FullSchedule',
        'CQC API sync: full reconcile, retiring what CQC no longer lists (weekly)',
        config.fullSyncScheduleExpression,
        'full',
      ),
    };
  }
}
