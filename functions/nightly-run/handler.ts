import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { nightlyRunPorts } from '../../adapters/dynamodb/index.ts';
import { digestBusOn, EventBridgeBus } from '../../adapters/eventbridge/bus.ts';
import { lambdaBasics, traced, tracer } from '../../adapters/lambda.ts';
import { makeMetrics } from '../../adapters/observability.ts';
import { makeNightlyRun, type NightlyRunInput } from '../../use-cases/nightly-run.ts';

// Wired once per container, outside the handler.
const { config, logger, table } = lambdaBasics('nightly-run');
const metrics = makeMetrics();
const nightlyRun = makeNightlyRun({
  ...nightlyRunPorts(table),
  bus: digestBusOn(
    new EventBridgeBus(traced(new EventBridgeClient({ region: config.region })), config.eventBusName),
  ),
  policy: config.policy,
  fallbackRecipient: config.fallbackRecipient,
  segments: config.scanSegments,
  logger,
});

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
    // The "run met problems" alarm watches this one.
    metrics.addMetric('RunProblems', MetricUnit.Count, run.problemCount);
    metrics.addMetric('TasksRaised', MetricUnit.Count, run.tasksRaised);
    const { problems: _named, ...summary } = run;
    return summary;
  });
