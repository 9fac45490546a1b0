import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { META_PK, RUN_PK, TASK_INDEX, TRUST_PREFIX } from '../../adapters/dynamodb/keys.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import type { DeploymentConfig } from '../config.ts';
import { LambdaFunction } from './lambda-function.ts';
import { deadLetterQueue, grantReadAndPartitionWrites } from './shared.ts';

/**
 * The nightly run: its function and the EventBridge Scheduler schedule that invokes it with the
 * scheduled time (the run key), with retries and a dead-letter queue.
 */
export class Nightly extends Construct {
  readonly run: LambdaFunction;
  readonly deadLetterQueue;
  readonly schedule: Schedule;

  constructor(
    scope: Construct,
    id: string,
    props: { config: DeploymentConfig; table: ITableV2; bus: IEventBus; environment: Record<string, string> },
  ) {
    super(scope, id);
    const { config, table } = props;
    this.deadLetterQueue = deadLetterQueue(this, 'ScheduleDlq');
    this.run = new LambdaFunction(this, 'Run', {
      entry: FUNCTION_ENTRIES.nightlyRun,
      description:
        'Nightly: evaluate every trust record, record stage changes, raise report tasks, publish digests',
      memorySize: 2048, // the first night at 1M core services is projected at about 850 MB of heap (bench/results/nightly.json)
      timeout: Duration.minutes(15),
      environment: { ...props.environment, EVENT_BUS_NAME: props.bus.eventBusName },
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.run.fn;
    // Read the table; write trust partitions (items, tasks), run records and the META records
    // (due months, latest run); put events on the bus. Not the digest ledger.
    grantReadAndPartitionWrites(fn, table, [`${TRUST_PREFIX}*`, RUN_PK, META_PK]);
    // Which trusts people have acted on (their action records are read before they are planned).
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${TASK_INDEX}`],
      }),
    );
    props.bus.grantPutEventsTo(fn);

    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Nightly due-work run (02:30 Europe/London: outside the clock-change hour)',
      schedule: ScheduleExpression.expression(
        config.scheduleExpression,
        TimeZone.of(config.scheduleTimeZone),
      ),
      target: new LambdaInvoke(fn, {
        // The scheduled time is the run key: a retried invocation is the same run.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
