import type { Logger } from '@aws-lambda-powertools/logger';
import { makeDynamoDbClient } from '../adapters/clients.ts';
import { localVerifier } from '../adapters/cognito/verify.ts';
import { ensureTable } from '../adapters/dynamodb/create-table.ts';
import type { RevocationsRepository } from '../adapters/dynamodb/revocations.ts';
import { makePlannerApi } from '../api/app.ts';
import type { Authority } from '../api/authority.ts';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.ts';
import { LOCAL_PASSWORD, type LocalUserPool } from './cognito.ts';
import { lockDataFolder } from './data-lock.ts';
import { type HttpApiHandler, startHttpApi } from './http.ts';
import { type LocalServer, startDynalite, startSesLocal } from './servers.ts';
import { wireLocal } from './wiring.ts';

export interface StackOptions {
  /** dynalite's LevelDB folder; in memory when omitted. */
  dataDir?: string;
  /** Use this DynamoDB instead of starting dynalite (e.g. Amazon's DynamoDB Local). */
  dynamoDbEndpoint?: string;
  dynamoPort?: number;
  sesPort?: number;
  /** Serve the planner API on this port (0: any free port); not served when omitted. */
  apiPort?: number;
  /** Whose access tokens the planner API takes: required with `apiPort`. */
  userPool?: LocalUserPool;
  tableName?: string;
  policy?: Policy;
  fallbackRecipient?: string;
  logger?: Logger;
  sesMaxAttempts?: number;
  busRetryDelayMs?: number;
}

export type LocalStack = Awaited<ReturnType<typeof startStack>>;

/** Who a user is now, on the local stack: the local user pool's role, the table's signed-out sessions. */
export function localAuthority(revocations: RevocationsRepository, userPool: LocalUserPool): Authority {
  return {
    roleNow: (email) => userPool.pool.roleNow(email),
    isRevoked: (tokenId) => revocations.isRevoked(tokenId),
    revoke: (tokenId, expiresAt) => revocations.revoke(tokenId, expiresAt),
    signOutEverywhere: (email) => userPool.pool.signOutEverywhere(email),
  };
}

/** Starts dynalite and SES local, creates the table if missing, and wires the handlers to them. */
export async function startStack(options: StackOptions = {}) {
  const servers: LocalServer[] = [];
  if (options.dataDir && !options.dynamoDbEndpoint) {
    const unlock = lockDataFolder(options.dataDir);
    servers.push({ endpoint: '', port: 0, close: async () => unlock() });
  }
  try {
    const dynamo = options.dynamoDbEndpoint
      ? {
          endpoint: options.dynamoDbEndpoint,
          port: Number(new URL(options.dynamoDbEndpoint).port),
          close: async () => {},
        }
      : await startDynalite({ port: options.dynamoPort ?? 0, dataDir: options.dataDir });
    servers.push(dynamo);
    const ses = await startSesLocal({ port: options.sesPort ?? 0 });
    servers.push(ses);
    const tableName = options.tableName ?? 'trust-scheduler';
    // The API's server first, so the digests can link to its pages; its handler is set below.
    let handler: HttpApiHandler | null = null;
    let api: Awaited<ReturnType<typeof startHttpApi>> | null = null;
    if (options.apiPort !== undefined) {
      if (!options.userPool) throw new Error('the planner API needs a user pool to check its tokens against');
      api = await startHttpApi((event) => handler!(event), { port: options.apiPort });
      servers.push({ endpoint: api.url, port: api.port, close: api.close });
    }
    const wiring = wireLocal({
      dynamoDbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      policy: options.policy,
      fallbackRecipient: options.fallbackRecipient,
      logger: options.logger,
      sesMaxAttempts: options.sesMaxAttempts,
      busRetryDelayMs: options.busRetryDelayMs,
      webBaseUrl: api?.url,
    });
    const table = await ensureTable(
      makeDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint }),
      tableName,
    );
    const userPool = options.userPool;
    if (api && userPool)
      handler = makePlannerApi({
        repos: wiring.repos,
        policy: options.policy ?? DEFAULT_POLICY,
        logger: wiring.logger,
        verify: localVerifier({ issuer: userPool.issuer, clientId: userPool.clientId }),
        authority: localAuthority(wiring.repos.revocations, userPool),
        // The stand-in has no managed login: the page's own form, its password checked by the pool.
        signIn: {
          kind: 'password',
          signIn: (email, password) => userPool.pool.signIn(userPool.clientId, email, password),
        },
        feeds: {
          store: wiring.repos.feeds,
          roleNow: (email) => userPool.pool.roleNow(email),
          baseUrl: api.url,
        },
        webBaseUrl: api.url,
        // Admins manage the local pool's users from the users page; an invited user signs in
        // with the local password (in AWS, Cognito emails an invitation).
        users: {
          list: () => userPool.pool.list(),
          invite: (email, role) => userPool.pool.add(email, role, LOCAL_PASSWORD),
          setRole: (email, role) => userPool.pool.setRole(email, role),
          remove: (email) => userPool.pool.remove(email),
        },
        // Read on every request, so an import from another terminal shows at once.
        dueMonthsTtlMs: 0,
      });
    return {
      ...wiring,
      tableName,
      table,
      dynamo,
      ses,
      api,
      userPool: options.userPool,
      async close() {
        await Promise.all(servers.map((s) => s.close()));
      },
    };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
}
