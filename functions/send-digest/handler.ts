import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { makeSesClient } from '../lib/clients.ts';
import { loadConfig } from '../lib/config.ts';
import { SesMailer } from '../lib/mailer.ts';
import { makeLogger } from '../lib/observability.ts';
import { makeTrustStore } from '../lib/store.ts';
import { type DigestEvent, makeSendDigest } from './send.ts';

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
