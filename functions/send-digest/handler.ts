import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { makeSesClient } from '../../adapters/clients.ts';
import { loadConfig } from '../../adapters/config.ts';
import { makeTrustStore } from '../../adapters/dynamodb/store.ts';
import { makeLogger } from '../../adapters/observability.ts';
import { SesMailer } from '../../adapters/ses/mailer.ts';
import { type DigestEvent, makeSendDigest } from '../../use-cases/send-digest.ts';

// Wired once per container, outside the handler.
const config = loadConfig();
const logger = makeLogger('send-digest');
const sendDigest = makeSendDigest({
  store: makeTrustStore({
    region: config.region,
    endpoint: config.dynamoDbEndpoint,
    tableName: config.tableName,
  }),
  mailer: new SesMailer(
    makeSesClient({ region: config.region, endpoint: config.sesEndpoint }),
    config.sesConfigurationSet,
  ),
  senderAddress: config.senderAddress,
  logger,
});

export const handler = middy<DigestEvent>()
  .use(injectLambdaContext(logger))
  .handler((event) => sendDigest(event));
