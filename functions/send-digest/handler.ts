import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { makeSesClient } from '../../adapters/clients.ts';
import { loadConfig } from '../../adapters/config.ts';
import { openTable } from '../../adapters/dynamodb/index.ts';
import { makeLogger } from '../../adapters/observability.ts';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { traced, tracer } from '../../adapters/tracing.ts';
import { type DigestEvent, makeSendDigest } from '../../use-cases/send-digest.ts';

// Wired once per container, outside the handler.
const config = loadConfig();
const logger = makeLogger('send-digest');
const repos = openTable({
  region: config.region,
  endpoint: config.dynamoDbEndpoint,
  tableName: config.tableName,
});
traced(repos.table.client);
const sendDigest = makeSendDigest({
  deliveries: repos.deliveries,
  dueItems: repos.dueItems,
  mailer: new SesMailer(
    traced(makeSesClient({ region: config.region, endpoint: config.sesEndpoint })),
    config.sesConfigurationSet,
  ),
  senderAddress: config.senderAddress,
  logger,
});

/** Invoked by the DueWorkDigest rule on the scheduler's bus (retries, then the DLQ). */
export const handler = middy<DigestEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .handler((event) => sendDigest(event));
