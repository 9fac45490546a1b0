import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../adapters/config.ts';
import { openTable } from '../../adapters/dynamodb/index.ts';
import { makeLogger } from '../../adapters/observability.ts';
import { traced, tracer } from '../../adapters/tracing.ts';
import { type ApiEvent, makePlannerApi } from '../../api/app.ts';

// Wired once per container, outside the handler. The API only reads.
const config = loadConfig();
const logger = makeLogger('planner-api');
const repos = openTable({
  region: config.region,
  endpoint: config.dynamoDbEndpoint,
  tableName: config.tableName,
});
traced(repos.table.client);
const plannerApi = makePlannerApi({ repos, policy: config.policy, logger });

/** Behind API Gateway HTTP API (payload format 2.0), IAM-authorized on every route. */
export const handler = middy<ApiEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .handler((event) => plannerApi(event));
