import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { makeSesClient } from '../../adapters/clients.ts';
import { lambdaBasics, traced, tracer } from '../../adapters/lambda.ts';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { type DigestEvent, makeSendDigest } from '../../use-cases/send-digest.ts';

// Wired once per container, outside the handler.
const { config, logger, repos } = lambdaBasics('send-digest');
const sendDigest = makeSendDigest({
  deliveries: repos.deliveries,
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
