import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { loadConfig } from '../../adapters/config.ts';
import { openTable } from '../../adapters/dynamodb/index.ts';
import { digestBusOn, EventBridgeBus } from '../../adapters/eventbridge/bus.ts';
import { makeLogger, makeMetrics } from '../../adapters/observability.ts';
import { traced, tracer } from '../../adapters/tracing.ts';
import { makeNightlyRun, type NightlyRunInput } from '../../use-cases/nightly-run.ts';

// Wired once per container, outside the handler.
const config = loadConfig();
const logger = makeLogger('nightly-run');
const metrics = makeMetrics();
const repos = openTable({
  region: config.region,
  endpoint: config.dynamoDbEndpoint,
  tableName: config.tableName,
});
const nightlyRun = makeNightlyRun({
  trusts: repos.trustRecords,
  dueItems: repos.dueItems,
  tasks: repos.tasks,
  runs: repos.runs,
  meter: repos.table,
  bus: digestBusOn(
    new EventBridgeBus(traced(new EventBridgeClient({ region: config.region })), config.eventBusName),
  ),
  policy: config.policy,
  fallbackRecipient: config.fallbackRecipient,
  segments: config.scanSegments,
  logger,
});
traced(repos.table.client);

/** Invoked by EventBridge Scheduler with `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`. */
export const handler = middy<NightlyRunInput>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const run = await nightlyRun(event);
    // The "no successful nightly run in 26 hours" alarm watches this metric.
    metrics.addMetric('NightlyRunSucceeded', MetricUnit.Count, 1);
    metrics.addMetric('DigestsPublished', MetricUnit.Count, run.digestsPublished);
    metrics.addMetric('RecordsSkipped', MetricUnit.Count, run.skippedRecords);
    metrics.addMetric('TasksRaised', MetricUnit.Count, run.tasksRaised);
    const { errors, ...summary } = run;
    return { ...summary, errors: errors.length };
  });
