import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { cognitoVerifier } from '../../adapters/cognito/verify.ts';
import { plannerRepositories } from '../../adapters/dynamodb/index.ts';
import { lambdaBasics, tracer } from '../../adapters/lambda.ts';
import { type ApiEvent, makePlannerApi } from '../../api/app.ts';

// Wired once per container, outside the handler. The API only reads.
const { config, logger, table } = lambdaBasics('planner-api');
if (!config.userPool) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID must be set');
const plannerApi = makePlannerApi({
  repos: plannerRepositories(table),
  policy: config.policy,
  logger,
  // The JWT authorizer has checked the token already; the app checks it again, and the role.
  verify: cognitoVerifier({ userPoolId: config.userPool.id, clientId: config.userPool.clientId }),
  // The pages sign in through Cognito's managed login; their cookies only over https.
  ...(config.userPool.signInDomainUrl && config.webBaseUrl
    ? {
        signIn: {
          kind: 'managed-login' as const,
          domainUrl: config.userPool.signInDomainUrl,
          clientId: config.userPool.clientId,
          webBaseUrl: config.webBaseUrl,
        },
      }
    : {}),
  secureCookies: true,
});

/** Behind API Gateway HTTP API (payload format 2.0): a JWT authorizer on every data route. */
export const handler = middy<ApiEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .handler((event) => plannerApi(event));
