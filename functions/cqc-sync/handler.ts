import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { CQC_API_DEFAULTS, CqcApiClient } from '../../adapters/cqc/api-client.ts';
import { syncPorts } from '../../adapters/dynamodb/index.ts';
import { lambdaBasics, tracer } from '../../adapters/lambda.ts';
import { makeMetrics } from '../../adapters/observability.ts';
import { syncTrusts } from '../../use-cases/sync-trusts.ts';

// Wired once per container, outside the handler.
const { config, logger, table } = lambdaBasics('cqc-sync');
const metrics = makeMetrics();

/** What the schedules pass: the mode, and the scheduled time (for the logs). */
export interface CqcSyncInput {
  mode?: 'incremental' | 'full';
  scheduledTime?: string;
}

/** The subscription key from Secrets Manager, cached for an hour; never logged. */
async function apiKey(): Promise<string> {
  if (!config.cqcApi.keySecretArn) throw new Error('CQC_API_KEY_SECRET_ARN is not set');
  const key = await getSecret<string>(config.cqcApi.keySecretArn, { maxAge: 3600 });
  if (!key?.trim()) throw new Error('the CQC API key secret is empty: put the subscription key in it');
  return key.trim();
}

/** Stop this long before the Lambda's timeout, so progress is saved and the lease released. */
const MARGIN_MS = 90_000;

export const handler = middy<CqcSyncInput, unknown, Error, Context>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, context) => {
    const api = new CqcApiClient({
      ...CQC_API_DEFAULTS,
      baseUrl: config.cqcApi.baseUrl,
      requestsPerMinute: config.cqcApi.requestsPerMinute,
      apiKey: await apiKey(),
      onRetry: (r) =>
        logger.warn('CQC API request retried', { path: r.path, reason: r.reason, attempt: r.attempt }),
    });
    const run = await syncTrusts(
      { api, ...syncPorts(table), logger },
      {
        mode: event.mode === 'full' ? 'full' : 'incremental',
        policy: config.policy,
        fallbackRecipient: config.fallbackRecipient,
        maxTrustShare: config.syncMaxRetireShare,
        deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS,
        onProgress: (line) => logger.info(line),
      },
    );
    // The "sync met problems" alarm watches SyncProblems; "no successful sync" watches SyncSucceeded.
    if (run.status === 'succeeded' || run.status === 'completed-with-problems')
      metrics.addMetric('SyncSucceeded', MetricUnit.Count, 1);
    metrics.addMetric('SyncProblems', MetricUnit.Count, run.problemCount);
    metrics.addMetric('SyncDocumentsFetched', MetricUnit.Count, run.documentsFetched);
    metrics.addMetric('SyncRetired', MetricUnit.Count, run.retiredCount);
    // Alarmed apart: a refused key needs a new key, held retirements need an admin's look.
    metrics.addMetric('SyncKeyRefused', MetricUnit.Count, run.status === 'refused' ? 1 : 0);
    metrics.addMetric('SyncRetireHeld', MetricUnit.Count, run.retireHeld);
    const { problems: _named, retired: _retired, toCheck: _toCheck, ...summary } = run;
    return summary;
  });
