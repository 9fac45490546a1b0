import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { plannerRepositories } from '../../adapters/dynamodb/index.ts';
import { lambdaBasics, tracer } from '../../adapters/lambda.ts';
import { type ApiEvent, makePlannerApi } from '../../api/app.ts';

// Wired once per container, outside the handler. The API only reads.
const { config, logger, table } = lambdaBasics('planner-api');
const plannerApi = makePlannerApi({ repos: plannerRepositories(table), policy: config.policy, logger });

/** Behind API Gateway HTTP API (payload format 2.0), IAM-authorized on every route. */
export const handler = middy<ApiEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .handler((event) => plannerApi(event));
