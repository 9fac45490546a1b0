import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { loadConfig } from '../../adapters/config.ts';
import { makeTrustStore } from '../../adapters/dynamodb/store.ts';
import { EventBridgeBus } from '../../adapters/eventbridge/bus.ts';
import { makeLogger, makeMetrics } from '../../adapters/observability.ts';
import { makeNightlyScan, type NightlyScanInput } from '../../use-cases/nightly-run.ts';

// Wired once per container, outside the handler.
const config = loadConfig();
const logger = makeLogger('nightly-scan');
const metrics = makeMetrics();
const nightlyScan = makeNightlyScan({
  store: makeTrustStore({
    region: config.region,
    endpoint: config.dynamoDbEndpoint,
    tableName: config.tableName,
  }),
  bus: new EventBridgeBus(new EventBridgeClient({ region: config.region }), config.eventBusName),
  policy: config.policy,
  fallbackRecipient: config.fallbackRecipient,
  segments: config.scanSegments,
  logger,
});

/** Invoked by EventBridge Scheduler with `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`. */
export const handler = middy<NightlyScanInput>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const run = await nightlyScan(event);
    // The "no successful nightly run in 26 hours" alarm watches this metric.
    metrics.addMetric('NightlyRunSucceeded', MetricUnit.Count, 1);
    metrics.addMetric('DigestsPublished', MetricUnit.Count, run.digestsPublished);
    metrics.addMetric('RecordsSkipped', MetricUnit.Count, run.skippedRecords);
    metrics.addMetric('TasksRaised', MetricUnit.Count, run.tasksRaised);
    const { errors, ...summary } = run;
    return { ...summary, errors: errors.length };
  });
