import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '../lib/config.ts';
import { makeLogger } from '../lib/observability.ts';
import { makeTrustStore } from '../lib/store.ts';
import { type ApiEvent, makePlannerApi } from './api.ts';

// Wired once per container, outside the handler. The API only reads.
const config = loadConfig();
const logger = makeLogger('planner-api');
const plannerApi = makePlannerApi({
  store: makeTrustStore({
    region: config.region,
    endpoint: config.dynamoDbEndpoint,
    tableName: config.tableName,
  }),
  policy: config.policy,
  logger,
});

/** Behind API Gateway HTTP API (payload format 2.0), IAM-authorized on every route. */
export const handler = middy<ApiEvent>()
  .use(injectLambdaContext(logger))
  .handler((event) => plannerApi(event));
