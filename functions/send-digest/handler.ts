import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { makeSesClient } from '../../adapters/clients.ts';
import { DeliveriesRepository } from '../../adapters/dynamodb/deliveries.ts';
import { lambdaBasics, traced, tracer } from '../../adapters/lambda.ts';
import { makeMetrics } from '../../adapters/observability.ts';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { type DigestEvent, makeSendDigest, type SendOutcome } from '../../use-cases/send-digest.ts';

// Wired once per container, outside the handler.
const { config, logger, table } = lambdaBasics('send-digest');
const metrics = makeMetrics();
const sendDigest = makeSendDigest({
  deliveries: new DeliveriesRepository(table),
  mailer: new SesMailer(
    traced(makeSesClient({ region: config.region, endpoint: config.sesEndpoint })),
    config.sesConfigurationSet,
  ),
  senderAddress: config.senderAddress,
  webBaseUrl: config.webBaseUrl,
  logger,
});

/** The metric each outcome counts in; the alarms watch DigestsRejected (and the DLQ, apart). */
const OUTCOME_METRICS: Record<SendOutcome['status'], string> = {
  sent: 'DigestsSent',
  recovered: 'DigestsRecovered',
  'nothing-new': 'DigestsWithNothingNew',
  duplicate: 'DigestsDuplicate',
  failed: 'DigestsRejected',
};

/** Invoked by the DueWorkDigest rule on the scheduler's bus (retries, then the DLQ). */
export const handler = middy<DigestEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const outcome = await sendDigest(event);
    metrics.addMetric(OUTCOME_METRICS[outcome.status], MetricUnit.Count, 1);
    return outcome;
  });
