import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { cognitoVerifier } from '../../adapters/cognito/verify.ts';
import { plannerRepositories } from '../../adapters/dynamodb/index.ts';
import { lambdaBasics, traced, tracer } from '../../adapters/lambda.ts';
import { type ApiEvent, makePlannerApi } from '../../api/app.ts';
import { sideModule } from '../../api/load-formats.ts';

// Wired once per container, outside the handler. The API only reads.
const { config, logger, table } = lambdaBasics('planner-api');
if (!config.userPool) throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID must be set');
const poolId = config.userPool.id;
const repos = plannerRepositories(table);
const loadUsers = sideModule<typeof import('../../adapters/cognito/pool-client.ts')>(
  new URL('./users.mjs', import.meta.url),
  new URL('../../adapters/cognito/pool-client.ts', import.meta.url),
);
let cognito: InstanceType<Awaited<ReturnType<typeof loadUsers>>['UserPool']> | undefined;
let feeds: InstanceType<Awaited<ReturnType<typeof loadUsers>>['FeedsRepository']> | undefined;
const feedStore = async () => {
  const { FeedsRepository } = await loadUsers();
  feeds ??= new FeedsRepository(table);
  return feeds;
};
/** The user pool (bundled apart, users.mjs): who a user is now, and signing them out everywhere. */
const pool = async () => {
  const { UserPool, CognitoIdentityProviderClient } = await loadUsers();
  cognito ??= new UserPool(traced(new CognitoIdentityProviderClient({ region: config.region })), poolId);
  return cognito;
};
const plannerApi = makePlannerApi({
  repos,
  policy: config.policy,
  planning: config.planning,
  logger,
  // Who a user is now: their role in Cognito (a change asks at that moment, a read within five
  // minutes) and the table's record of signed-out sessions.
  authority: {
    roleNow: async (email) => (await pool()).roleNow(email),
    isRevoked: (tokenId) => repos.revocations.isRevoked(tokenId),
    revoke: (tokenId, expiresAt) => repos.revocations.revoke(tokenId, expiresAt),
    signOutEverywhere: async (email) => (await pool()).signOutEverywhere(email),
  },
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
  // Calendar feeds: a feed serves its owner's due work by the role Cognito says they have now
  // (the Cognito client and the feeds' store are bundled apart, users.mjs, loaded by the first
  // feed request).
  ...(config.webBaseUrl
    ? {
        feeds: {
          store: {
            create: async (email: string, now: string) => (await feedStore()).create(email, now),
            current: async (email: string) => (await feedStore()).current(email),
            revoke: async (email: string) => (await feedStore()).revoke(email),
            owner: async (feedId: string, secret: string) => (await feedStore()).owner(feedId, secret),
          },
          roleNow: async (email: string) => (await pool()).roleNow(email),
          baseUrl: config.webBaseUrl,
        },
      }
    : {}),
  ...(config.webBaseUrl ? { webBaseUrl: config.webBaseUrl } : {}),
  // Admins invite (Cognito emails the invitation), change the role of and remove users.
  users: {
    list: async () => (await pool()).list(),
    invite: async (email, role) => (await pool()).add(email, role),
    setRole: async (email, role) => (await pool()).setRole(email, role),
    remove: async (email) => (await pool()).remove(email),
  },
  secureCookies: true,
});

/** Behind API Gateway HTTP API (payload format 2.0): a JWT authorizer on every data route. */
export const handler = middy<ApiEvent>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .handler((event) => plannerApi(event));
